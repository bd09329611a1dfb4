// SPDX-License-Identifier: MIT
#include "text.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace readerkit::cli {

std::optional<std::uint32_t> parse_u32(std::string_view text) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    base = 16;
  }
  std::uint32_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

std::optional<Bytes> parse_hex_words(const std::vector<std::string>& words) {
  return from_hex(join_words(words));
}

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::string current;
  for (char c : line) {
    if (c == '#') break;
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::optional<std::string> comment_only(std::string_view line) {
  std::size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos || line[first] != '#') return std::nullopt;
  line.remove_prefix(first);
  while (!line.empty() && line.front() == '#') line.remove_prefix(1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  return std::string(line);
}

std::string spaced_hex(std::span<const std::byte> bytes) {
  std::string hex = to_hex(bytes);
  std::string out;
  out.reserve(hex.size() * 3 / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i != 0) out.push_back(' ');
    out.append(hex, i, 2);
  }
  return out;
}

std::string hex32(std::uint32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", value);
  return buf;
}

std::string usb_id_hex(std::uint16_t id) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04x", static_cast<unsigned>(id));
  return buf;
}

std::string ascii_of(std::span<const std::byte> bytes) {
  std::string out;
  for (std::byte b : bytes) {
    auto c = static_cast<unsigned char>(b);
    out.push_back(c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '.');
  }
  return out;
}

std::string join_words(const std::vector<std::string>& words, std::size_t first) {
  std::string out;
  for (std::size_t i = first; i < words.size(); ++i) {
    if (i != first) out.push_back(' ');
    out += words[i];
  }
  return out;
}

}  // namespace readerkit::cli
