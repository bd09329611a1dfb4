// SPDX-License-Identifier: MIT
// PPS request construction and response validation (ISO/IEC 7816-3 §9).
#include "readerkit/pps.hpp"

#include <array>
#include <bit>

namespace readerkit {
namespace {

constexpr std::uint8_t kDefaultTa1 = 0x11;  // Fi = 372, Di = 1

/// Di indices ordered by decreasing D: the order in which a too fast D is lowered.
constexpr std::array<std::uint8_t, 9> kDiByDecreasingD{7, 6, 9, 5, 8, 4, 3, 2, 1};

std::optional<std::uint8_t> protocol_number(std::uint32_t mask) {
  if (mask & SCARD_PROTOCOL_T1) return 1;
  if (mask & SCARD_PROTOCOL_T0) return 0;
  return std::nullopt;
}

/// The fastest TA1 value at most as fast as the card's that the reader can clock: the card's
/// Fi, with D lowered until f × D / F fits the reader's max data rate (0 = no limit).
std::optional<std::uint8_t> best_ta1(const AtrInfo& info, const ReaderCapabilities& reader) {
  if (!info.groups.front().ta || !info.fi || !info.di || !info.fmax_khz) return std::nullopt;
  const std::uint64_t clock_hz = std::uint64_t{std::min(reader.max_clk_khz, *info.fmax_khz)} * 1000;
  for (std::uint8_t di : kDiByDecreasingD) {
    const std::uint32_t d = *di_value(di);
    if (d > *info.di) continue;
    const std::uint64_t rate = clock_hz * d / *info.fi;
    if (reader.max_data_rate == 0 || rate <= reader.max_data_rate)
      return static_cast<std::uint8_t>(info.fi_index << 4 | di);
  }
  return std::nullopt;
}

bool is_default(std::uint8_t ta1) {
  return fi_value(ta1 >> 4) == 372u && di_value(ta1 & 0x0F) == 1u;
}

std::uint8_t u8(std::byte b) {
  return static_cast<std::uint8_t>(b);
}

}  // namespace

PpsRequest make_pps_request(std::uint8_t t, std::optional<std::uint8_t> pps1) {
  PpsRequest r;
  r.bytes[0] = PPSS;
  r.bytes[1] = static_cast<std::byte>((pps1 ? PPS0_PPS1 : 0) | (t & 0x0F));
  r.length = 2;
  if (pps1) r.bytes[r.length++] = static_cast<std::byte>(*pps1);
  std::byte pck{0};
  for (std::size_t i = 0; i < r.length; ++i) pck ^= r.bytes[i];
  r.bytes[r.length++] = pck;
  r.ta1 = pps1.value_or(kDefaultTa1);
  return r;
}

PpsRequest prepare_pps(const CardCapabilities& card, const ReaderCapabilities& reader,
                       std::uint32_t protocol) {
  const auto t = protocol_number(protocol);
  if (!t || !card.atr_info || card.atr_info->groups.empty()) return {};
  const AtrInfo& info = *card.atr_info;
  if (info.specific_protocol) return {};  // §8.3 TA2: no PPS in specific mode
  std::optional<std::uint8_t> pps1 = best_ta1(info, reader);
  if (pps1 && is_default(*pps1)) pps1.reset();
  const bool protocol_change = info.protocols.front() != *t;
  if (!pps1 && !protocol_change) return {};
  return make_pps_request(*t, pps1);
}

std::size_t pps_message_length(std::byte pps0) {
  return 3 + static_cast<std::size_t>(std::popcount(u8(pps0) & 0x70u));
}

Result<std::uint8_t> check_pps_response(const PpsRequest& request,
                                        std::span<const std::byte> response, TracePoint trace) {
  trace(TraceEvent::pps_request, TraceDirection::to_card, std::span(request.bytes).first(request.length));
  trace(TraceEvent::pps_response, TraceDirection::from_card, response);
  constexpr Status kFailed = Status::DEVICE_PROTOCOL_ERROR;
  if (request.length < 3 || response.size() < 3 || response[0] != PPSS) return kFailed;
  const std::uint8_t req0 = u8(request.bytes[1]);
  const std::uint8_t res0 = u8(response[1]);
  if (response.size() != pps_message_length(response[1]) || (res0 & 0x80)) return kFailed;
  if ((res0 & 0x0F) != (req0 & 0x0F)) return kFailed;
  if ((res0 & 0x70 & ~req0) != 0) return kFailed;  // answered a PPSi we did not send
  std::byte pck{0};
  for (std::byte b : response) pck ^= b;
  if (pck != std::byte{0}) return kFailed;
  // Each optional byte present in the response must echo the request's (§9.3).
  std::size_t rq = 2, rs = 2;
  for (std::uint8_t bit : {PPS0_PPS1, PPS0_PPS2, PPS0_PPS3}) {
    const bool in_req = req0 & bit, in_res = res0 & bit;
    if (in_res && request.bytes[rq] != response[rs]) return kFailed;
    if (bit != PPS0_PPS1 && in_req != in_res) return kFailed;  // only PPS1 may be dropped
    rq += in_req;
    rs += in_res;
  }
  return (res0 & PPS0_PPS1) ? request.ta1 : kDefaultTa1;
}

void apply_pps(CardCapabilities& card, const ReaderCapabilities& reader, std::uint8_t ta1) {
  card.f = fi_value(ta1 >> 4).value_or(372);
  card.d = di_value(ta1 & 0x0F).value_or(1);
  update_card_timing(card, reader);
}

}  // namespace readerkit
