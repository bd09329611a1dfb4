// SPDX-License-Identifier: MIT
// The acceptance rule of "update card capabilities" (docs/contract/ioctl.md §6) and the timing an
// ATR implies (ISO/IEC 7816-3 §7.1 etu, §10.2 WT, §11.4.3 CWT/BWT).
#include <algorithm>
#include <array>

#include "readerkit/atr.hpp"

namespace readerkit {
namespace {

/// Problems the lenient option tolerates: cards with them work with other Linux drivers.
constexpr std::array kLenientTolerated{AtrError::tck_wrong, AtrError::tck_missing,
                                       AtrError::rfu_fi_di};

bool tolerated(AtrError e) {
  return std::find(kLenientTolerated.begin(), kLenientTolerated.end(), e) !=
         kLenientTolerated.end();
}

/// Microseconds for `cycles` clock cycles at clock_khz.
std::uint32_t cycles_to_us(std::uint64_t cycles, std::uint32_t clock_khz) {
  const std::uint64_t us = (cycles * 1000 + clock_khz - 1) / clock_khz;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(us, UINT32_MAX));
}

}  // namespace

Result<AtrInfo> parse_atr(std::span<const std::byte> atr, const AtrParseOptions& options) {
  AtrInfo info = decode_atr(atr);
  if (info.valid) return info;
  if (options.lenient && std::all_of(info.errors.begin(), info.errors.end(), tolerated))
    return info;
  return Status::UNRECOGNIZED_MEDIA;
}

AtrTiming atr_timing(const AtrInfo& info, std::uint32_t clock_khz, std::uint32_t f,
                     std::uint32_t d) {
  AtrTiming t;
  if (clock_khz == 0 || f == 0 || d == 0) return t;
  const std::uint64_t etu_cycles_x_d = f;  // one etu = F / D cycles
  t.etu_us = static_cast<double>(f) * 1000.0 / (static_cast<double>(d) * clock_khz);
  const auto etus_us = [&](std::uint64_t etus) {
    return cycles_to_us(etus * etu_cycles_x_d / d, clock_khz);
  };
  t.wt_us = cycles_to_us(std::uint64_t{info.wi} * 960 * f, clock_khz);
  const std::uint8_t bwi = std::min<std::uint8_t>(info.bwi.value_or(4), 15);
  const std::uint8_t cwi = info.cwi.value_or(13);
  t.bwt_us = etus_us(11) + cycles_to_us((std::uint64_t{1} << bwi) * 960 * 372, clock_khz);
  t.cwt_us = etus_us(11 + (std::uint64_t{1} << cwi));
  const bool t1_only = info.offers(1) && !info.offers(0);
  t.gt_etu = info.n == 255 ? (t1_only ? 11 : 12) : 12 + info.n;
  t.gt_us = etus_us(t.gt_etu);
  t.bgt_us = etus_us(t.bgt_etu);
  return t;
}

}  // namespace readerkit
