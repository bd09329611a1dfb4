// SPDX-License-Identifier: MIT
// smartcard_list.txt lookup: the ATR as "3B 8F 80 ..." matched against each entry's pattern as
// a whole. Patterns made of hex digits, spaces and '.' are compared character by character; the
// few with bracket classes go through std::regex; a pattern std::regex refuses is skipped.
#include "card_list.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string_view>

#include "readerkit/bytes.hpp"

namespace readerkit::cli {
namespace {

constexpr std::size_t kMaxListBytes = 16u << 20;

std::string spaced_upper_hex(std::span<const std::byte> atr) {
  std::string hex = to_hex(atr), out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i != 0) out += ' ';
    out.append(hex, i, 2);
  }
  return out;
}

bool is_plain(std::string_view pattern) {
  return pattern.find_first_not_of("0123456789ABCDEFabcdef. ") == std::string_view::npos;
}

bool plain_match(std::string_view pattern, std::string_view atr) {
  if (pattern.size() != atr.size()) return false;
  for (std::size_t i = 0; i < atr.size(); ++i) {
    const char p = pattern[i];
    if (p != '.' && std::toupper(static_cast<unsigned char>(p)) != atr[i]) return false;
  }
  return true;
}

bool regex_match_whole(const std::string& pattern, const std::string& atr) {
  try {
    return std::regex_match(atr, std::regex(pattern, std::regex::ECMAScript | std::regex::icase));
  } catch (const std::regex_error&) {
    return false;
  }
}

bool pattern_matches(const std::string& pattern, const std::string& atr) {
  return is_plain(pattern) ? plain_match(pattern, atr) : regex_match_whole(pattern, atr);
}

std::string trimmed(std::string line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

std::string read_capped(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string text(kMaxListBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text.size() > kMaxListBytes ? std::string() : text;
}

}  // namespace

std::vector<std::string> card_list_paths() {
  if (const char* env = std::getenv("READERKIT_SMARTCARD_LIST"); env && *env) return {env};
  std::vector<std::string> paths;
  if (const char* home = std::getenv("HOME"); home && *home)
    paths.push_back(std::string(home) + "/.cache/smartcard_list.txt");
  paths.emplace_back("/usr/share/pcsc/smartcard_list.txt");
  return paths;
}

std::vector<CardListMatch> match_card_list(const std::string& list_text,
                                           std::span<const std::byte> atr) {
  const std::string wanted = spaced_upper_hex(atr);
  std::vector<CardListMatch> matches;
  std::istringstream in(list_text);
  bool in_match = false;
  for (std::string line; std::getline(in, line);) {
    line = trimmed(std::move(line));
    if (line.empty() || line[0] == '#') {
      in_match = false;
    } else if (line[0] == '\t') {
      if (in_match) matches.back().description.push_back(line.substr(1));
    } else {
      in_match = pattern_matches(line, wanted);
      if (in_match) matches.push_back({line, {}});
    }
  }
  return matches;
}

CardNames card_names(std::span<const std::byte> atr) {
  for (const std::string& path : card_list_paths()) {
    std::string text = read_capped(path);
    if (text.empty()) continue;
    return {path, match_card_list(text, atr)};
  }
  return {};
}

}  // namespace readerkit::cli
