// SPDX-License-Identifier: MIT
// Standard descriptors back to their wire form (USB 2.0 §9.6), little-endian.
#include "usb_raw_descriptors.hpp"

namespace readerkit::ccid::detail {
namespace {

void u8(Bytes& out, std::uint8_t v) { out.push_back(std::byte{v}); }
void u16(Bytes& out, std::uint16_t v) {
  u8(out, static_cast<std::uint8_t>(v));
  u8(out, static_cast<std::uint8_t>(v >> 8));
}
void extra(Bytes& out, const unsigned char* bytes, int length) {
  if (bytes == nullptr || length <= 0) return;
  const auto* b = reinterpret_cast<const std::byte*>(bytes);
  out.insert(out.end(), b, b + length);
}

void endpoint(Bytes& out, const libusb_endpoint_descriptor& e) {
  u8(out, e.bLength);
  u8(out, e.bDescriptorType);
  u8(out, e.bEndpointAddress);
  u8(out, e.bmAttributes);
  u16(out, e.wMaxPacketSize);
  u8(out, e.bInterval);
  // The two audio-class fields exist only in the 9-byte form.
  if (e.bLength >= 9) {
    u8(out, e.bRefresh);
    u8(out, e.bSynchAddress);
  }
  extra(out, e.extra, e.extra_length);
}

void interface(Bytes& out, const libusb_interface_descriptor& i) {
  u8(out, i.bLength);
  u8(out, i.bDescriptorType);
  u8(out, i.bInterfaceNumber);
  u8(out, i.bAlternateSetting);
  u8(out, i.bNumEndpoints);
  u8(out, i.bInterfaceClass);
  u8(out, i.bInterfaceSubClass);
  u8(out, i.bInterfaceProtocol);
  u8(out, i.iInterface);
  extra(out, i.extra, i.extra_length);
  for (int e = 0; e < i.bNumEndpoints; ++e) endpoint(out, i.endpoint[e]);
}

}  // namespace

Bytes raw_configuration_descriptor(const libusb_config_descriptor& c) {
  Bytes out;
  u8(out, c.bLength);
  u8(out, c.bDescriptorType);
  u16(out, 0);  // wTotalLength, set once the size is known
  u8(out, c.bNumInterfaces);
  u8(out, c.bConfigurationValue);
  u8(out, c.iConfiguration);
  u8(out, c.bmAttributes);
  u8(out, c.MaxPower);
  extra(out, c.extra, c.extra_length);
  for (int i = 0; i < c.bNumInterfaces; ++i) {
    const libusb_interface& setting = c.interface[i];
    for (int a = 0; a < setting.num_altsetting; ++a) interface(out, setting.altsetting[a]);
  }
  const auto total = static_cast<std::uint16_t>(out.size());
  out[2] = static_cast<std::byte>(total);
  out[3] = static_cast<std::byte>(total >> 8);
  return out;
}

Bytes raw_device_descriptor(const libusb_device_descriptor& d) {
  Bytes out;
  u8(out, d.bLength);
  u8(out, d.bDescriptorType);
  u16(out, d.bcdUSB);
  u8(out, d.bDeviceClass);
  u8(out, d.bDeviceSubClass);
  u8(out, d.bDeviceProtocol);
  u8(out, d.bMaxPacketSize0);
  u16(out, d.idVendor);
  u16(out, d.idProduct);
  u16(out, d.bcdDevice);
  u8(out, d.iManufacturer);
  u8(out, d.iProduct);
  u8(out, d.iSerialNumber);
  u8(out, d.bNumConfigurations);
  return out;
}

std::optional<Bytes> active_configuration_descriptor(libusb_device* device) {
  libusb_config_descriptor* config = nullptr;
  if (libusb_get_active_config_descriptor(device, &config) != 0) return std::nullopt;
  Bytes out = raw_configuration_descriptor(*config);
  libusb_free_config_descriptor(config);
  return out;
}

}  // namespace readerkit::ccid::detail
