// SPDX-License-Identifier: MIT
// Small text helpers shared by the name tables (status, ioctl, card, attribute).
#pragma once

#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace readerkit::detail {

/// ASCII case-insensitive equality.
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

/// Removes `prefix` (case-insensitive) from the front of `text` when present.
inline std::string_view strip_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix))
    return text.substr(prefix.size());
  return text;
}

/// Parses a whole 32-bit number, decimal or 0x-prefixed hex; nullopt otherwise.
inline std::optional<std::uint32_t> parse_u32(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  if (text.empty()) return std::nullopt;
  std::uint32_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
  if (ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

}  // namespace readerkit::detail
