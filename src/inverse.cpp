// SPDX-License-Identifier: MIT
// Inverse convention conversion with a 256-entry table built at compile time.
#include "readerkit/inverse.hpp"

#include <array>

namespace readerkit {
namespace {

constexpr std::array<std::byte, 256> make_table() {
  std::array<std::byte, 256> t{};
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = invert_byte(static_cast<std::byte>(i));
  return t;
}
constexpr auto kInverse = make_table();
static_assert(kInverse[0x3F] == std::byte{0x03}, "TS 3F reads as 03 in direct convention");

}  // namespace

void invert_bytes(std::span<std::byte> bytes) {
  for (auto& b : bytes) b = kInverse[static_cast<std::uint8_t>(b)];
}

Bytes inverted_copy(std::span<const std::byte> bytes) {
  Bytes out(bytes.begin(), bytes.end());
  invert_bytes(out);
  return out;
}

}  // namespace readerkit
