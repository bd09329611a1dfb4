// SPDX-License-Identifier: MIT
// Byte helpers shared by the library and its users: little-endian ULONGs (the IOCTL buffers'
// integer format) and hex text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace readerkit {

using Bytes = std::vector<std::byte>;

/// Reads a little-endian 32-bit value; the span must hold at least 4 bytes.
constexpr std::uint32_t load_le32(std::span<const std::byte> b) {
  return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
         static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
}

/// Writes a little-endian 32-bit value; the span must hold at least 4 bytes.
constexpr void store_le32(std::span<std::byte> b, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[i] = static_cast<std::byte>(v >> (8 * i));
}

/// A 4-byte little-endian buffer holding v.
Bytes le32_bytes(std::uint32_t v);

/// Upper-case hex without separators, e.g. "3B9F".
std::string to_hex(std::span<const std::byte> bytes);

/// Parses hex, ignoring spaces and ':'; nullopt for odd length or a non-hex character.
std::optional<Bytes> from_hex(std::string_view text);

/// Views a byte container as std::byte.
inline std::span<const std::byte> as_bytes_view(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

}  // namespace readerkit
