// SPDX-License-Identifier: MIT
// Attribute ids and names of docs/contract/ioctl.md §5.
#include "readerkit/attribute.hpp"

#include <gtest/gtest.h>

namespace readerkit {
namespace {

TEST(Attribute, ValueMacro) {
  EXPECT_EQ(SCARD_ATTR_VALUE(9, 0x0303), SCARD_ATTR_ATR_STRING);
  EXPECT_EQ(SCARD_ATTR_VALUE(0x7FFF, 7), SCARD_ATTR_SUPRESS_T1_IFS_REQUEST);
}

TEST(Attribute, NamesRoundTrip) {
  const std::uint32_t ids[] = {SCARD_ATTR_VENDOR_NAME,
                               SCARD_ATTR_CHANNEL_ID,
                               SCARD_ATTR_MAX_IFSD,
                               SCARD_ATTR_CHARACTERISTICS,
                               SCARD_ATTR_CURRENT_EBC_ENCODING,
                               SCARD_ATTR_EXTENDED_BWT,
                               SCARD_ATTR_ICC_PRESENCE,
                               SCARD_ATTR_ATR_STRING,
                               SCARD_ATTR_DEVICE_IN_USE,
                               SCARD_ATTR_SUPRESS_T1_IFS_REQUEST,
                               SCARD_PERF_NUM_TRANSMISSIONS,
                               SCARD_PERF_TRANSMISSION_TIME};
  for (std::uint32_t id : ids) {
    const std::string_view name = attribute_name(id);
    ASSERT_FALSE(name.empty()) << std::hex << id;
    EXPECT_EQ(attribute_from_name(name), id) << name;
  }
  EXPECT_EQ(attribute_name(SCARD_ATTR_ATR_STRING), "ATR_STRING");
  EXPECT_EQ(attribute_name(SCARD_PERF_BYTES_TRANSMITTED), "PERF_BYTES_TRANSMITTED");
  EXPECT_EQ(attribute_name(SCARD_ATTR_SUPRESS_T1_IFS_REQUEST), "SUPRESS_T1_IFS_REQUEST");
}

TEST(Attribute, ParsesPrefixedNamesAndNumbers) {
  EXPECT_EQ(attribute_from_name("SCARD_ATTR_ATR_STRING"), SCARD_ATTR_ATR_STRING);
  EXPECT_EQ(attribute_from_name("atr_string"), SCARD_ATTR_ATR_STRING);
  EXPECT_EQ(attribute_from_name("SCARD_PERF_NUM_TRANSMISSIONS"), SCARD_PERF_NUM_TRANSMISSIONS);
  EXPECT_EQ(attribute_from_name("0x00090303"), SCARD_ATTR_ATR_STRING);
  EXPECT_EQ(attribute_from_name("590595"), SCARD_ATTR_ATR_STRING);
  EXPECT_EQ(attribute_from_name("SUPPRESS_T1_IFS_REQUEST"), SCARD_ATTR_SUPRESS_T1_IFS_REQUEST);
  EXPECT_FALSE(attribute_from_name("NOPE").has_value());
  EXPECT_FALSE(attribute_from_name("0x").has_value());
  EXPECT_FALSE(attribute_from_name("0x1G").has_value());
  EXPECT_TRUE(attribute_name(0x12345678).empty());
}

}  // namespace
}  // namespace readerkit
