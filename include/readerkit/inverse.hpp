// SPDX-License-Identifier: MIT
// Inverse convention (ISO/IEC 7816-3 §8.1, TS = 0x3F): on the line, a low level means 1 and
// the most significant bit comes first. A byte read in direct convention therefore arrives
// complemented and bit-reversed; converting is its own inverse.
//
// Where conversion happens (docs/protocol.md): the protocol engines always work with logical
// byte values. A reader that moves raw line bytes converts at its transport edge with
// invert_bytes() when CardCapabilities::inverse_convention is set; decode_atr() accepts the
// raw first byte 0x03 as well as the logical 0x3F.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "readerkit/bytes.hpp"

namespace readerkit {

/// One byte converted between inverse and direct convention (complement, reverse bit order).
constexpr std::byte invert_byte(std::byte b) {
  auto v = static_cast<std::uint8_t>(~static_cast<std::uint8_t>(b));
  std::uint8_t r = 0;
  for (int i = 0; i < 8; ++i) r = static_cast<std::uint8_t>(r << 1 | ((v >> i) & 1));
  return static_cast<std::byte>(r);
}

/// Converts bytes in place between inverse and direct convention.
void invert_bytes(std::span<std::byte> bytes);

/// A converted copy of `bytes`.
Bytes inverted_copy(std::span<const std::byte> bytes);

}  // namespace readerkit
