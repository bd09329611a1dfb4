// SPDX-License-Identifier: MIT
// The Fi/fmax and Di tables of ISO/IEC 7816-3 (tables 7 and 8) as constexpr data (internal):
// atr_tables.cpp serves them through fi_value() and friends, and the ATR decoder reads them
// inline, with no call per ATR.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace readerkit::detail {

/// One row of table 7: F and fmax for a TA1 high nibble; f = 0 marks RFU.
struct FiRow {
  std::uint32_t f;
  std::uint32_t fmax_khz;
};

inline constexpr std::array<FiRow, 16> kFiTable{{{372, 4000},
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

/// Table 8: D for a TA1 low nibble; 0 marks RFU.
inline constexpr std::array<std::uint32_t, 16> kDiTable{0,  1,  2, 4, 8, 16, 32, 64,
                                                        12, 20, 0, 0, 0, 0,  0,  0};

constexpr std::optional<std::uint32_t> fi_of(std::uint8_t fi_index) {
  if (fi_index >= kFiTable.size() || kFiTable[fi_index].f == 0) return std::nullopt;
  return kFiTable[fi_index].f;
}

constexpr std::optional<std::uint32_t> fmax_khz_of(std::uint8_t fi_index) {
  if (fi_index >= kFiTable.size() || kFiTable[fi_index].f == 0) return std::nullopt;
  return kFiTable[fi_index].fmax_khz;
}

constexpr std::optional<std::uint32_t> di_of(std::uint8_t di_index) {
  if (di_index >= kDiTable.size() || kDiTable[di_index] == 0) return std::nullopt;
  return kDiTable[di_index];
}

}  // namespace readerkit::detail
