// SPDX-License-Identifier: MIT
// Byte helpers: little-endian ULONG buffers and hex text (include/readerkit/bytes.hpp).
#include "readerkit/bytes.hpp"

namespace readerkit {
namespace {

constexpr std::string_view kHexDigits = "0123456789ABCDEF";

/// Value of one hex digit, or -1.
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Bytes le32_bytes(std::uint32_t v) {
  Bytes out(4);
  store_le32(out, v);
  return out;
}

std::string to_hex(std::span<const std::byte> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::byte b : bytes) {
    const auto v = std::to_integer<unsigned>(b);
    out.push_back(kHexDigits[v >> 4]);
    out.push_back(kHexDigits[v & 0x0F]);
  }
  return out;
}

std::optional<Bytes> from_hex(std::string_view text) {
  Bytes out;
  int high = -1;  // pending high nibble
  for (char c : text) {
    if (c == ' ' || c == ':') continue;
    const int v = hex_value(c);
    if (v < 0) return std::nullopt;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::byte>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) return std::nullopt;  // odd number of digits
  return out;
}

}  // namespace readerkit
