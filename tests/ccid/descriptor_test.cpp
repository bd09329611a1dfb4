// SPDX-License-Identifier: MIT
// The CCID class descriptor parser and its decodes, on QEMU's reader and constructed readers.
#include "readerkit/ccid/descriptor.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fake_usb.hpp"

namespace readerkit::ccid {
namespace {

using testing::hex;

// QEMU 7.2's usb-ccid (08e6:4433), as `lsusb -v` shows it in the rig.
const Bytes kQemu = hex(
    "36 21 1001 00 07 01000000 A00F0000 00000100 00 80250000 00C20100 00 FE000000 "
    "00000000 00000000 FE040100 12000100 FF FF 0000 01 01");

// A two-slot T=1 reader at extended APDU level (values chosen to exercise every field).
const Bytes kDualSlot = hex(
    "36 21 1001 01 03 03000000 C00D0000 C00D0000 00 CD250000 E0B00600 00 FE000000 "
    "07000000 03000000 BA060400 0F010000 00 00 0202 03 02");

TEST(CcidDescriptor, QemuReaderFields) {
  auto d = parse_class_descriptor(kQemu);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->bcdCCID, 0x0110);
  EXPECT_EQ(d->slot_count(), 1u);
  EXPECT_EQ(d->dwProtocols, 1u);
  EXPECT_EQ(d->dwDefaultClock, 4000u);
  EXPECT_EQ(d->dwMaximumClock, 65536u);
  EXPECT_EQ(d->dwDataRate, 9600u);
  EXPECT_EQ(d->dwMaxDataRate, 115200u);
  EXPECT_EQ(d->dwMaxIFSD, 254u);
  EXPECT_EQ(d->dwFeatures, 0x000104FEu);
  EXPECT_EQ(d->exchange_level(), ExchangeLevel::tpdu);
  EXPECT_EQ(d->dwMaxCCIDMessageLength, 65554u);
  EXPECT_EQ(d->bPINSupport, 1);
  EXPECT_TRUE(d->has(feature::AUTO_PPS));
}

TEST(CcidDescriptor, DualSlotExtendedReader) {
  auto d = parse_class_descriptor(kDualSlot);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->slot_count(), 2u);
  EXPECT_EQ(d->dwProtocols, 3u);
  EXPECT_EQ(d->exchange_level(), ExchangeLevel::extended_apdu);
  EXPECT_EQ(d->dwMaxCCIDMessageLength, 271u);
  EXPECT_EQ(d->wLcdLayout, 0x0202);
  EXPECT_EQ(d->bMaxCCIDBusySlots, 2);
}

TEST(CcidDescriptor, ShortOrForeignDescriptorIsRejected) {
  EXPECT_EQ(parse_class_descriptor(std::span(kQemu).first(53)).status(),
            Status::DEVICE_PROTOCOL_ERROR);
  Bytes hid = kQemu;
  hid[1] = std::byte{0x22};
  EXPECT_FALSE(parse_class_descriptor(hid).ok());
  Bytes vendor_typed = kQemu;  // pre-1.0 readers report type 0xFF
  vendor_typed[1] = std::byte{0xFF};
  EXPECT_TRUE(parse_class_descriptor(vendor_typed).ok());
}

TEST(CcidDescriptor, FeatureNamesListLevelOnceAndUnknownBits) {
  auto names = feature_names(0x000104FE);
  EXPECT_EQ(names.size(), 9u);
  EXPECT_EQ(names.back(), "TPDU level");
  auto odd = feature_names(0x00040000 | 0x00000800);
  ASSERT_EQ(odd.size(), 2u);
  EXPECT_EQ(odd[0], "short and extended APDU level");
  EXPECT_EQ(odd[1], "0x00000800");
  EXPECT_TRUE(feature_names(0).empty());
}

TEST(CcidDescriptor, HumanDecodeNamesEverything) {
  auto text = describe(*parse_class_descriptor(kQemu));
  EXPECT_NE(text.find("T=0"), std::string::npos);
  EXPECT_NE(text.find("5.0V, 3.0V, 1.8V"), std::string::npos);
  EXPECT_NE(text.find("TPDU"), std::string::npos);
  EXPECT_NE(text.find("65554"), std::string::npos);
  EXPECT_NE(text.find("verification"), std::string::npos);
}

TEST(CcidDescriptor, JsonDecodeIsParseableAndComplete) {
  auto j = nlohmann::json::parse(to_json(*parse_class_descriptor(kDualSlot)));
  EXPECT_EQ(j["bMaxSlotIndex"], 1);
  EXPECT_EQ(j["protocols"], nlohmann::json::array({"T=0", "T=1"}));
  EXPECT_EQ(j["exchange_level"], "extended APDU");
  EXPECT_EQ(j["dwFeatures"], "0x000406BA");
  EXPECT_EQ(j["pin_support"], nlohmann::json::array({"verification", "modification"}));
  EXPECT_EQ(j["dwMaxIFSD"], 254);
}

}  // namespace
}  // namespace readerkit::ccid
