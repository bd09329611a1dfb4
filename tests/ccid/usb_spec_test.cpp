// SPDX-License-Identifier: MIT
// The `usb` SPEC and pcscd's DEVICENAME forms.
#include <gtest/gtest.h>

#include "readerkit/ccid/ccid_reader.hpp"

namespace readerkit::ccid {
namespace {

std::optional<UsbMatch> parse(std::vector<std::string> fields) {
  std::string error;
  return parse_usb_spec(fields, error);
}

TEST(CcidUsbSpec, BareUsbMatchesAnyReader) {
  auto m = parse({});
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->vendor_id || m->product_id || m->serial || m->bus);
}

TEST(CcidUsbSpec, VidPidAndSerial) {
  auto m = parse({"08e6", "4433", "1-0000:00:05.0-1"});
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->vendor_id, 0x08E6);
  EXPECT_EQ(*m->product_id, 0x4433);
  EXPECT_EQ(*m->serial, "1-0000:00:05.0-1");
}

TEST(CcidUsbSpec, PcscdLibudevForm) {
  // What registry.cpp's parse_reader_spec makes of "usb:08e6/4433:libudev:0:/dev/bus/usb/001/002".
  auto m = parse({"08e6/4433", "libudev", "0", "/dev/bus/usb/001/002"});
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->vendor_id, 0x08E6);
  EXPECT_EQ(*m->interface_number, 0);
  EXPECT_EQ(*m->bus, 1);
  EXPECT_EQ(*m->address, 2);
}

TEST(CcidUsbSpec, PcscdLibusbForm) {
  auto m = parse({"08e6/4433", "libusb-1.0", "3", "17", "1"});
  ASSERT_TRUE(m);
  EXPECT_EQ(*m->bus, 3);
  EXPECT_EQ(*m->address, 17);
  EXPECT_EQ(*m->interface_number, 1);
}

TEST(CcidUsbSpec, EscapeOptionAndRejections) {
  auto m = parse({"08e6", "4433", "escape=allow"});
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->allow_escape);
  EXPECT_FALSE(parse({"08e6"}));
  EXPECT_FALSE(parse({"zz", "4433"}));
  EXPECT_FALSE(parse({"108e6", "4433"}));
  EXPECT_FALSE(parse({"08e6/4433", "libudev", "x", "/dev/bus/usb/001/002"}));
  EXPECT_FALSE(parse({"08e6/4433", "libusb-1.0", "1", "2"}));
  EXPECT_FALSE(parse({"08e6", "4433", "color=red"}));
}

TEST(CcidUsbSpec, UsbmonOptionNamesTheCaptureFile) {
  auto m = parse({"08e6", "4433", "usbmon=/tmp/reader.pcap"});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->usbmon, "/tmp/reader.pcap");
  EXPECT_EQ(*m->vendor_id, 0x08E6);
  auto any = parse({"usbmon=usb.pcap", "escape=allow"});
  ASSERT_TRUE(any);
  EXPECT_EQ(any->usbmon, "usb.pcap");
  EXPECT_TRUE(any->allow_escape);
  EXPECT_FALSE(any->vendor_id);
  EXPECT_EQ(parse({"08e6", "4433"})->usbmon, "");
  std::string error;
  EXPECT_FALSE(parse_usb_spec({"usbmon="}, error));
  EXPECT_EQ(error, "usb: bad option 'usbmon=' (options: escape=allow, usbmon=FILE)");
  EXPECT_FALSE(parse({"escape=deny"}));
}

}  // namespace
}  // namespace readerkit::ccid
