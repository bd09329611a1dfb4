// SPDX-License-Identifier: MIT
// Little-endian ULONG and hex helpers.
#include "readerkit/bytes.hpp"

#include <gtest/gtest.h>

namespace readerkit {
namespace {

TEST(Bytes, Le32RoundTrip) {
  const Bytes b = le32_bytes(0x11223344);
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0], std::byte{0x44});
  EXPECT_EQ(b[3], std::byte{0x11});
  EXPECT_EQ(load_le32(b), 0x11223344u);
  static_assert([] {
    std::array<std::byte, 4> a{};
    store_le32(a, 0xC0000178u);
    return load_le32(a);
  }() == 0xC0000178u);
}

TEST(Bytes, HexIsUpperCaseWithoutSeparators) {
  const Bytes b{std::byte{0x3B}, std::byte{0x9f}, std::byte{0x00}};
  EXPECT_EQ(to_hex(b), "3B9F00");
  EXPECT_EQ(to_hex({}), "");
}

TEST(Bytes, FromHexIgnoresSpacesAndColons) {
  EXPECT_EQ(from_hex("3b 9F:00"), (Bytes{std::byte{0x3B}, std::byte{0x9F}, std::byte{0x00}}));
  EXPECT_EQ(from_hex(""), Bytes{});
  EXPECT_FALSE(from_hex("3").has_value());
  EXPECT_FALSE(from_hex("3B 0").has_value());
  EXPECT_FALSE(from_hex("zz").has_value());
  EXPECT_FALSE(from_hex("0x3B").has_value());
}

TEST(Bytes, AsBytesView) {
  const auto v = as_bytes_view("AB");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[1], std::byte{'B'});
}

}  // namespace
}  // namespace readerkit
