// SPDX-License-Identifier: MIT
// The Fi/fmax and Di tables of ISO/IEC 7816-3 (tables 7 and 8), and AtrError names.
#include <array>
#include <string_view>

#include "readerkit/atr.hpp"

namespace readerkit {
namespace {

struct FiRow {
  std::uint32_t f;  // 0 = RFU
  std::uint32_t fmax_khz;
};
constexpr std::array<FiRow, 16> kFi{{{372, 4000},
                                     {372, 5000},
                                     {558, 6000},
                                     {744, 8000},
                                     {1116, 12000},
                                     {1488, 16000},
                                     {1860, 20000},
                                     {0, 0},
                                     {0, 0},
                                     {512, 5000},
                                     {768, 7500},
                                     {1024, 10000},
                                     {1536, 15000},
                                     {2048, 20000},
                                     {0, 0},
                                     {0, 0}}};
constexpr std::array<std::uint32_t, 16> kDi{0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0};

constexpr std::array<std::string_view, 10> kErrorCodes{
    "",          "bad-ts",     "truncated", "too-long", "trailing-bytes", "tck-missing",
    "tck-wrong", "t15-in-td1", "rfu-fi-di", "rfu-value"};

}  // namespace

std::optional<std::uint32_t> fi_value(std::uint8_t fi_index) {
  if (fi_index >= kFi.size() || kFi[fi_index].f == 0) return std::nullopt;
  return kFi[fi_index].f;
}

std::optional<std::uint32_t> fmax_khz_value(std::uint8_t fi_index) {
  if (fi_index >= kFi.size() || kFi[fi_index].f == 0) return std::nullopt;
  return kFi[fi_index].fmax_khz;
}

std::optional<std::uint32_t> di_value(std::uint8_t di_index) {
  if (di_index >= kDi.size() || kDi[di_index] == 0) return std::nullopt;
  return kDi[di_index];
}

std::string_view atr_error_code(AtrError e) {
  const auto i = static_cast<std::size_t>(e);
  return i < kErrorCodes.size() ? kErrorCodes[i] : std::string_view{};
}

}  // namespace readerkit
