// SPDX-License-Identifier: MIT
#include "log_levels.hpp"

#include <algorithm>
#include <array>

#include "readerkit/log.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

constexpr std::uint32_t bit(LogLevel l) {
  return static_cast<std::uint32_t>(l);
}

struct LevelName {
  std::string_view name;
  std::uint32_t mask;
};
constexpr std::uint32_t kAll = 0x3F;
constexpr std::array kNames{
    LevelName{"ioctl", bit(LogLevel::IOCTL)},
    LevelName{"atr", bit(LogLevel::ATR)},
    LevelName{"protocol", bit(LogLevel::PROTOCOL)},
    LevelName{"driver", bit(LogLevel::DRIVER)},
    LevelName{"trace", bit(LogLevel::TRACE)},
    LevelName{"error", bit(LogLevel::ERROR)},
    LevelName{"all", kAll},
    LevelName{"none", 0},
};

// Each -v adds a step; the steps follow how noisy the levels are.
constexpr std::array<std::uint32_t, 5> kVerbosity{
    0,
    bit(LogLevel::ERROR),
    bit(LogLevel::ERROR) | bit(LogLevel::IOCTL),
    bit(LogLevel::ERROR) | bit(LogLevel::IOCTL) | bit(LogLevel::ATR) | bit(LogLevel::PROTOCOL) |
        bit(LogLevel::DRIVER),
    kAll,
};

}  // namespace

std::uint32_t verbosity_mask(int count) {
  if (count <= 0) return 0;
  return kVerbosity[static_cast<std::size_t>(std::min(count, 4))];
}

std::optional<std::uint32_t> parse_log_levels(std::string_view text) {
  if (auto number = parse_u32(text)) return *number;
  std::uint32_t mask = 0;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view word = text.substr(0, comma);
    bool known = false;
    for (const LevelName& n : kNames) {
      if (n.name == word) mask |= n.mask, known = true;
    }
    if (!known) return std::nullopt;
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return mask;
}

}  // namespace readerkit::cli
