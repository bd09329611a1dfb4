// SPDX-License-Identifier: MIT
// smclib's SmartcardUpdateCardCapabilities: the ATR stored by RDF_CARD_POWER becomes the
// parameters in use (ISO/IEC 7816-3 §8.3; docs/contract/ioctl.md §6).
#include <utility>

#include "readerkit/capabilities.hpp"
#include "readerkit/inverse.hpp"

namespace readerkit {
namespace {

constexpr std::uint32_t kDefaultF = 372;
constexpr std::uint32_t kDefaultD = 1;
constexpr std::uint32_t kDefaultIfs = 32;  // §11.4.2: IFSC and IFSD start at 32

std::uint32_t protocol_mask(const AtrInfo& info) {
  std::uint32_t mask = 0;
  if (info.offers(0)) mask |= SCARD_PROTOCOL_T0;
  if (info.offers(1)) mask |= SCARD_PROTOCOL_T1;
  return mask;
}

/// Specific mode (TA2): the card already runs T with TA1's parameters unless bit 5 says
/// "implicit" (then the defaults apply, §8.3 TA2).
void apply_specific_mode(CardCapabilities& card, const AtrInfo& info) {
  if (!info.specific_protocol) return;
  if (*info.specific_protocol == 0) card.protocol_selected = SCARD_PROTOCOL_T0;
  if (*info.specific_protocol == 1) card.protocol_selected = SCARD_PROTOCOL_T1;
  if (info.specific_implicit || !info.fi || !info.di) return;
  card.f = *info.fi;
  card.d = *info.di;
}

}  // namespace

Status update_card_capabilities(CardCapabilities& card, const ReaderCapabilities& reader,
                                const AtrParseOptions& options) {
  // Keep the logical bytes so that SCARD_ATTR_ATR_STRING reads 3F.. for an inverse card.
  if (!card.atr.empty() && card.atr[0] == std::byte{0x03}) invert_bytes(card.atr);
  CardCapabilities fresh;
  fresh.atr = std::move(card.atr);
  auto parsed = parse_atr(fresh.atr, options);
  if (!parsed) {
    card = std::move(fresh);
    return parsed.status();
  }
  const AtrInfo& info = *parsed;
  fresh.inverse_convention = info.convention == Convention::inverse;
  fresh.protocol_types = protocol_mask(info);
  fresh.f = kDefaultF;
  fresh.d = kDefaultD;
  apply_specific_mode(fresh, info);
  fresh.n = info.n;
  fresh.wi = info.wi;
  const std::uint8_t ifsc = info.ifsc.value_or(kDefaultIfs);
  fresh.ifsc = (ifsc == 0x00 || ifsc == 0xFF) ? kDefaultIfs : ifsc;
  fresh.ifsd = kDefaultIfs;
  fresh.edc = info.edc.value_or(Edc::lrc);
  fresh.atr_info = std::move(*parsed);
  update_card_timing(fresh, reader);
  card = std::move(fresh);
  return Status::SUCCESS;
}

void update_card_timing(CardCapabilities& card, const ReaderCapabilities& reader) {
  if (!card.atr_info) return;
  const AtrTiming t = atr_timing(*card.atr_info, reader.current_clk_khz, card.f, card.d);
  card.bwt_us = t.bwt_us;
  card.cwt_us = t.cwt_us;
  card.wt_us = t.wt_us;
}

}  // namespace readerkit
