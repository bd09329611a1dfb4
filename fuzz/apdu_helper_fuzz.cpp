// SPDX-License-Identifier: MIT
// Fuzz target: the APDU helper's T=0 mapping (ISO/IEC 7816-3 §12.2): 61xx GET RESPONSE loops,
// 6Cxx resends and ENVELOPE pieces, against a card whose every answer comes from the fuzzer.
// The first bytes choose the command APDU (any bytes, or a well-formed APDU of each case);
// the rest scripts the card. Invariants: every TPDU sent is well formed (5 header bytes and
// P3 data bytes at most), the number of exchanges is bounded, a success holds at least SW1 SW2
// and at most APDU_MAX_RESPONSE bytes, a failure is one of the documented statuses.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <vector>

#include "readerkit/apdu.hpp"

using namespace readerkit;

namespace {

[[noreturn]] void violated() {
  std::abort();
}

// Envelope pieces of the longest extended APDU, plus two TPDUs (case 2 resend) per
// GET RESPONSE round with the mapping's round cap of 512.
constexpr std::size_t kMaxExchanges = 65544 / 255 + 1 + 2 * (512 + 2);

Bytes command_apdu(FuzzedDataProvider& in) {
  const auto choice = in.ConsumeIntegralInRange(0, 4);
  const auto cla = in.ConsumeIntegral<std::uint8_t>();
  const auto ins = in.ConsumeIntegral<std::uint8_t>();
  Bytes apdu{std::byte{cla}, std::byte{ins}, std::byte{0}, std::byte{0}};
  auto push = [&apdu](std::size_t v) { apdu.push_back(static_cast<std::byte>(v)); };
  switch (choice) {
    case 0: {  // raw bytes: whatever parse_apdu makes of them
      const auto raw = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange(0, 600));
      apdu.assign(reinterpret_cast<const std::byte*>(raw.data()),
                  reinterpret_cast<const std::byte*>(raw.data() + raw.size()));
      break;
    }
    case 1:  // case 1 or 2S
      if (in.ConsumeBool()) push(in.ConsumeIntegral<std::uint8_t>());
      break;
    case 2: {  // case 3S / 4S
      const auto lc = in.ConsumeIntegralInRange<std::size_t>(1, 255);
      push(lc);
      apdu.resize(apdu.size() + lc, std::byte{0x5A});
      if (in.ConsumeBool()) push(in.ConsumeIntegral<std::uint8_t>());
      break;
    }
    default: {  // extended: 2E, 3E or 4E, up to a few KiB of data
      const auto lc = in.ConsumeIntegralInRange<std::size_t>(0, 4000);
      push(0);
      if (lc > 0) {
        push(lc >> 8);
        push(lc & 0xFF);
        apdu.resize(apdu.size() + lc, std::byte{0xA5});
      }
      if (lc == 0 || in.ConsumeBool()) {
        push(in.ConsumeIntegral<std::uint8_t>());
        push(in.ConsumeIntegral<std::uint8_t>());
      }
      break;
    }
  }
  return apdu;
}

/// The card: answers each TPDU with data of a chosen length and a status word biased
/// towards the ones the mapping acts on; silence when the input runs out.
Result<Bytes> card_answer(FuzzedDataProvider& in, std::span<const std::byte> tpdu) {
  if (tpdu.size() < 5) violated();
  const auto p3 = std::to_integer<std::size_t>(tpdu[4]);
  if (tpdu.size() != 5 && tpdu.size() != 5 + p3) violated();
  if (in.remaining_bytes() == 0) return Status::IO_TIMEOUT;
  const auto length = in.ConsumeIntegralInRange<std::size_t>(0, 256);
  Bytes answer(length, std::byte{0x3C});
  constexpr std::uint8_t kSw1[] = {0x61, 0x61, 0x6C, 0x90, 0x6A, 0x62};
  const auto sw1 = in.ConsumeBool() ? kSw1[in.ConsumeIntegralInRange<std::size_t>(0, 5)]
                                    : in.ConsumeIntegral<std::uint8_t>();
  answer.push_back(std::byte{sw1});
  answer.push_back(std::byte{in.ConsumeIntegral<std::uint8_t>()});
  return answer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const bool offers_t1 = in.ConsumeBool();
  const Bytes apdu = command_apdu(in);
  std::size_t exchanges = 0;
  auto exchange = [&](std::span<const std::byte> tpdu) {
    if (++exchanges > kMaxExchanges) violated();
    return card_answer(in, tpdu);
  };
  const auto r = t0_apdu_exchange(apdu, exchange, offers_t1);
  if (r) {
    if (r->size() < 2 || r->size() > APDU_MAX_RESPONSE) violated();
  } else {
    switch (r.status()) {
      case Status::INVALID_PARAMETER:
      case Status::NOT_SUPPORTED:
      case Status::IO_TIMEOUT:
      case Status::DEVICE_PROTOCOL_ERROR:
        break;
      default:
        violated();
    }
  }
  return 0;
}
