// SPDX-License-Identifier: MIT
// PC/SC part 10 encodings: the feature list and GET_TLV_PROPERTIES.
#include "features.hpp"

#include <gtest/gtest.h>

#include <array>

namespace readerkit::ifd {
namespace {

std::uint8_t b(const Bytes& v, std::size_t i) { return static_cast<std::uint8_t>(v.at(i)); }

TEST(Features, FeatureListHasTlvPropertiesInTheRequestsForm) {
  const DriverFeatures& sim = driver_features("sim");
  const Bytes pcsclite = feature_list(sim, true);
  ASSERT_EQ(pcsclite.size(), 6u);
  EXPECT_EQ(b(pcsclite, 0), 0x12);
  EXPECT_EQ(b(pcsclite, 1), 4);
  // SCARD_CTL_CODE(3400 + 0x12) in pcsc-lite form, big-endian.
  EXPECT_EQ(b(pcsclite, 2), 0x42);
  EXPECT_EQ(b(pcsclite, 3), 0x00);
  EXPECT_EQ(b(pcsclite, 4), 0x0D);
  EXPECT_EQ(b(pcsclite, 5), 0x5A);
  const Bytes windows = feature_list(sim, false);
  EXPECT_EQ(b(windows, 2), 0x00);
  EXPECT_EQ(b(windows, 3), 0x31);
  EXPECT_EQ(b(windows, 4), 0x35);
  EXPECT_EQ(b(windows, 5), 0x68);
}

TEST(Features, BothFormsOfTheCodeNameTheFeature) {
  const DriverFeatures& sim = driver_features("sim");
  EXPECT_EQ(feature_from_code(sim, 0x42000D5A), Feature::FEATURE_GET_TLV_PROPERTIES);
  EXPECT_EQ(feature_from_code(sim, 0x00313568), Feature::FEATURE_GET_TLV_PROPERTIES);
  EXPECT_EQ(feature_from_code(sim, feature_code(Feature::FEATURE_VERIFY_PIN_DIRECT, true)),
            std::nullopt);  // not declared by the simulated reader
}

TEST(Features, DeclaredPinFeaturesAreListedAndRecognised) {
  constexpr std::array pin{Feature::FEATURE_VERIFY_PIN_DIRECT};
  const DriverFeatures pinpad{"pinpad", false, 0x1234, 0x5678, pin, std::nullopt};
  const Bytes list = feature_list(pinpad, true);
  ASSERT_EQ(list.size(), 12u);
  EXPECT_EQ(b(list, 6), 0x06);
  EXPECT_EQ(feature_from_code(pinpad, 0x42000D4E), Feature::FEATURE_VERIFY_PIN_DIRECT);
}

TEST(Features, TlvPropertiesAreLittleEndianWithIdsWhenKnown) {
  const Bytes sim = tlv_properties(driver_features("sim"));
  // bPPDUSupport 0, dwMaxAPDUDataSize 65536 (00 00 01 00).
  const Bytes expected{std::byte{9}, std::byte{1}, std::byte{0},
                       std::byte{10}, std::byte{4}, std::byte{0}, std::byte{0}, std::byte{1}, std::byte{0}};
  EXPECT_EQ(sim, expected);
  const DriverFeatures usb{"usbx", false, 0x1234, 0x5678, {}, std::nullopt};
  const Bytes ids = tlv_properties(usb);
  ASSERT_EQ(ids.size(), 9u + 8u);
  EXPECT_EQ(b(ids, 5), 0);  // short APDUs only
  EXPECT_EQ(b(ids, 9), 11);
  EXPECT_EQ(b(ids, 11), 0x34);
  EXPECT_EQ(b(ids, 12), 0x12);
  EXPECT_EQ(b(ids, 13), 12);
  EXPECT_EQ(b(ids, 15), 0x78);
}

TEST(Features, UnknownKindDeclaresNothing) {
  EXPECT_FALSE(driver_features("nosuch").extended_apdu);
  EXPECT_EQ(feature_list(driver_features("nosuch"), true).size(), 6u);
}

}  // namespace
}  // namespace readerkit::ifd

namespace readerkit::ifd {
namespace {

TEST(Features, APinPadListsOnlyTheOperationsItHas) {
  PinPadProperties verify_only;
  verify_only.modify = false;
  const DriverFeatures f = reader_features("usb", verify_only);
  const Bytes list = feature_list(f, true);
  std::vector<std::uint8_t> tags;
  for (std::size_t i = 0; i < list.size(); i += 6) tags.push_back(b(list, i));
  EXPECT_EQ(tags, (std::vector<std::uint8_t>{0x12, 0x06, 0x0A}));  // TLV properties first
  EXPECT_EQ(feature_from_code(f, feature_code(Feature::FEATURE_MODIFY_PIN_DIRECT, true)),
            std::nullopt);
  PinPadProperties both;
  EXPECT_EQ(feature_list(reader_features("usb", both), true).size(), 4u * 6u);
}

}  // namespace
}  // namespace readerkit::ifd
