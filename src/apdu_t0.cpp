// SPDX-License-Identifier: MIT
// APDU → T=0 TPDU mapping (ISO/IEC 7816-3 §12.2): case 2 resent on 6Cxx, answers fetched
// with GET RESPONSE on 61xx, extended APDUs carried in ENVELOPE commands (ISO/IEC 7816-4).
#include <algorithm>

#include "readerkit/apdu.hpp"

namespace readerkit {
namespace {

constexpr std::size_t kEnvelopePiece = 255;
constexpr std::size_t kMaxRounds = 512;  // GET RESPONSE rounds: 65538 bytes / 255 and more

bool sw_is(const Bytes& r, std::uint8_t sw1) {
  return r.size() >= 2 && static_cast<std::uint8_t>(r[r.size() - 2]) == sw1;
}
std::byte sw2(const Bytes& r) {
  return r.back();
}

Bytes tpdu(std::span<const std::byte> header4, std::byte p3, std::span<const std::byte> data) {
  Bytes t(header4.begin(), header4.end());
  t.push_back(p3);
  t.insert(t.end(), data.begin(), data.end());
  return t;
}

/// Case 2 (data from the card): P3 = Le; a 6Cxx answer says the right Le: resend once.
Result<Bytes> exchange_case2(std::span<const std::byte> header4, std::byte p3,
                             const TpduExchange& exchange) {
  auto r = exchange(tpdu(header4, p3, {}));
  if (r && r->size() == 2 && sw_is(*r, 0x6C)) return exchange(tpdu(header4, sw2(*r), {}));
  return r;
}

/// 61xx: xx more bytes wait; GET RESPONSE (CLA of the command, C0 00 00 xx) until done.
Result<Bytes> fetch_remaining(Result<Bytes> first, std::byte cla, const TpduExchange& exchange) {
  if (!first) return first;
  Bytes collected;
  Bytes r = std::move(*first);
  for (std::size_t round = 0; sw_is(r, 0x61); ++round) {
    collected.insert(collected.end(), r.begin(), r.end() - 2);
    if (round == kMaxRounds || collected.size() > APDU_MAX_RESPONSE)
      return Status::DEVICE_PROTOCOL_ERROR;
    const std::byte get_response[4] = {cla, INS_GET_RESPONSE, std::byte{0}, std::byte{0}};
    auto next = exchange_case2(get_response, sw2(r), exchange);
    if (!next) return next;
    r = std::move(*next);
  }
  collected.insert(collected.end(), r.begin(), r.end());
  // No APDU asks for more than 65,536 bytes: a longer answer is the card's fault.
  if (collected.size() > APDU_MAX_RESPONSE) return Status::DEVICE_PROTOCOL_ERROR;
  return collected;
}

/// Extended APDU over T=0: the whole APDU travels in ENVELOPE data fields of at most 255
/// bytes; every piece but the last must be answered 9000.
Result<Bytes> envelope(std::span<const std::byte> apdu, const TpduExchange& exchange) {
  const std::byte header[4] = {apdu[0], INS_ENVELOPE, std::byte{0}, std::byte{0}};
  for (std::size_t at = 0;;) {
    const std::size_t n = std::min(kEnvelopePiece, apdu.size() - at);
    auto r = exchange(tpdu(header, static_cast<std::byte>(n), apdu.subspan(at, n)));
    at += n;
    if (at == apdu.size()) return fetch_remaining(std::move(r), apdu[0], exchange);
    if (!r) return r;
    if (r->size() != 2 || !sw_is(*r, 0x90) || sw2(*r) != std::byte{0}) return r;
  }
}

}  // namespace

Result<Bytes> t0_apdu_exchange(std::span<const std::byte> apdu, const TpduExchange& exchange,
                               bool card_offers_t1) {
  auto parsed = parse_apdu(apdu);
  if (!parsed) return parsed.status();
  const Apdu& a = *parsed;
  const std::byte cla = a.header[0];
  if (a.extended())
    return card_offers_t1 ? Result<Bytes>(Status::NOT_SUPPORTED) : envelope(apdu, exchange);
  switch (a.kind) {
    case ApduCase::case1:
      return fetch_remaining(exchange(tpdu(a.header, std::byte{0}, {})), cla, exchange);
    case ApduCase::case2S:
      return fetch_remaining(exchange_case2(a.header, apdu[4], exchange), cla, exchange);
    default:  // cases 3 and 4: header, Lc, data; case 4's answer comes through 61xx
      return fetch_remaining(exchange(tpdu(a.header, apdu[4], a.data)), cla, exchange);
  }
}

}  // namespace readerkit
