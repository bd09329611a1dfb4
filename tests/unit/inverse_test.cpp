// SPDX-License-Identifier: MIT
// Inverse convention conversion (ISO/IEC 7816-3 §8.1).
#include "readerkit/inverse.hpp"

#include <gtest/gtest.h>

#include "protocol_test_util.hpp"

namespace readerkit {
namespace {

TEST(Inverse, TsReadsAs03) {
  EXPECT_EQ(invert_byte(std::byte{0x3F}), std::byte{0x03});
  EXPECT_EQ(invert_byte(std::byte{0x03}), std::byte{0x3F});
  EXPECT_EQ(invert_byte(std::byte{0x00}), std::byte{0xFF});
  EXPECT_EQ(invert_byte(std::byte{0x01}), std::byte{0x7F});
}

TEST(Inverse, ConversionIsItsOwnInverse) {
  for (int i = 0; i < 256; ++i) {
    const auto b = static_cast<std::byte>(i);
    EXPECT_EQ(invert_byte(invert_byte(b)), b);
  }
  Bytes b = test::hex("3F 96 18 80 01");
  const Bytes original = b;
  invert_bytes(b);
  EXPECT_NE(b, original);
  EXPECT_EQ(inverted_copy(b), original);
}

}  // namespace
}  // namespace readerkit
