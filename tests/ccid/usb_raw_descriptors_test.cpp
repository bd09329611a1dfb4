// SPDX-License-Identifier: MIT
// libusb's parsed descriptors back to the bytes the device sent: the fake reader's descriptors,
// parsed by hand into libusb's structs as libusb would, must come back byte for byte (the
// usbmon capture's enumeration preamble is made of them).
#include "usb_raw_descriptors.hpp"

#include <gtest/gtest.h>

#include <array>

#include "fake_usb.hpp"

namespace readerkit::ccid::detail {
namespace {

using testing::fake_configuration_descriptor;
using testing::fake_device_descriptor;

TEST(CcidUsbRawDescriptors, DeviceDescriptorComesBackAsSent) {
  libusb_device_descriptor d{};
  d.bLength = 18;
  d.bDescriptorType = LIBUSB_DT_DEVICE;
  d.bcdUSB = 0x0110;
  d.bMaxPacketSize0 = 64;
  d.idVendor = 0x1234;
  d.idProduct = 0x5678;
  d.bcdDevice = 0x0100;
  d.iManufacturer = 1;
  d.iProduct = 2;
  d.iSerialNumber = 3;
  d.bNumConfigurations = 1;
  EXPECT_EQ(to_hex(raw_device_descriptor(d)), to_hex(fake_device_descriptor()));
}

libusb_endpoint_descriptor endpoint(std::uint8_t address, std::uint8_t attributes,
                                    std::uint16_t max_packet, std::uint8_t interval) {
  libusb_endpoint_descriptor e{};
  e.bLength = 7;
  e.bDescriptorType = LIBUSB_DT_ENDPOINT;
  e.bEndpointAddress = address;
  e.bmAttributes = attributes;
  e.wMaxPacketSize = max_packet;
  e.bInterval = interval;
  return e;
}

TEST(CcidUsbRawDescriptors, ConfigurationWithTheCcidClassDescriptorComesBackAsSent) {
  const Bytes raw = fake_configuration_descriptor();
  // libusb keeps the CCID class descriptor (bytes 18..71) as the interface's extra bytes.
  const auto* class_descriptor = reinterpret_cast<const unsigned char*>(raw.data() + 18);
  std::array endpoints{endpoint(0x01, 0x02, 64, 0), endpoint(0x82, 0x02, 64, 0),
                       endpoint(0x83, 0x03, 8, 16)};
  libusb_interface_descriptor alt{};
  alt.bLength = 9;
  alt.bDescriptorType = LIBUSB_DT_INTERFACE;
  alt.bNumEndpoints = 3;
  alt.bInterfaceClass = 0x0B;
  alt.endpoint = endpoints.data();
  alt.extra = class_descriptor;
  alt.extra_length = 54;
  libusb_interface interface{&alt, 1};
  libusb_config_descriptor c{};
  c.bLength = 9;
  c.bDescriptorType = LIBUSB_DT_CONFIG;
  c.wTotalLength = 93;
  c.bNumInterfaces = 1;
  c.bConfigurationValue = 1;
  c.bmAttributes = 0x80;
  c.MaxPower = 0x32;
  c.interface = &interface;
  EXPECT_EQ(to_hex(raw_configuration_descriptor(c)), to_hex(raw));
}

}  // namespace
}  // namespace readerkit::ccid::detail
