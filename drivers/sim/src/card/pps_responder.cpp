// SPDX-License-Identifier: MIT
#include "card/pps_responder.hpp"

namespace readerkit::sim::card {
namespace {

// D for a Di index (ISO/IEC 7816-3 table 8); 0 for RFU.
std::uint32_t d_value(std::uint8_t di) {
  constexpr std::uint32_t table[16] = {0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0};
  return table[di & 0x0F];
}

// The card runs its own TA1, the defaults, or its Fi with a smaller D.
bool supported(std::uint8_t asked, std::uint8_t ta1) {
  if (asked == ta1 || asked == 0x11) return true;
  const std::uint32_t d = d_value(asked & 0x0F);
  return (asked >> 4) == (ta1 >> 4) && d != 0 && d <= d_value(ta1 & 0x0F);
}

}  // namespace

std::size_t PpsResponder::expected_length() const {
  if (request_.size() < 2) return 2;
  const auto pps0 = static_cast<std::uint8_t>(request_[1]);
  return 3 + ((pps0 & 0x10) ? 1 : 0) + ((pps0 & 0x20) ? 1 : 0) + ((pps0 & 0x40) ? 1 : 0);
}

std::size_t PpsResponder::receive(std::span<const std::byte> bytes, Replies& out) {
  std::size_t used = 0;
  while (!done_ && used < bytes.size()) {
    request_.push_back(bytes[used++]);
    if (request_.size() >= 2 && request_.size() == expected_length()) answer(out);
  }
  return used;
}

// Accept: echo the request when its checksum is right, the card offers the protocol and
// runs the Fi/Di asked (§9.3). The pps-refuse fault declines the Fi/Di: the answer leaves
// PPS1 out, so both sides keep the default Fi/Di. A profile with "pps": "refuse" (or a
// request the card cannot accept) gets silence, and the reader must reset the card.
void PpsResponder::answer(Replies& out) {
  done_ = true;
  std::uint8_t pck = 0;
  for (std::byte b : request_) pck ^= static_cast<std::uint8_t>(b);
  const auto pps0 = static_cast<std::uint8_t>(request_[1]);
  const auto t = static_cast<std::uint8_t>(pps0 & 0x0F);
  const bool has_pps1 = (pps0 & 0x10) != 0;
  const std::uint8_t asked = has_pps1 ? static_cast<std::uint8_t>(request_[2]) : 0x11;
  const bool decline = faults_.get().pps_refuse;
  const bool accept = pck == 0 && profile_.offers(t) && profile_.pps_accept &&
                      (decline || supported(asked, profile_.ta1.value_or(0x11)));
  if (!accept) return;
  Bytes answer = request_;
  if (decline && has_pps1) {  // PPSS, PPS0 without the PPS1 bit, PPS2/3 echoed, new PCK
    answer.erase(answer.begin() + 2);
    answer[1] = static_cast<std::byte>(pps0 & ~0x10);
    answer.back() = std::byte{0};
    std::uint8_t x = 0;
    for (std::byte b : answer) x ^= static_cast<std::uint8_t>(b);
    answer.back() = static_cast<std::byte>(x);
  }
  outcome_ = PpsOutcome{t, decline ? std::uint8_t{0x11} : asked};
  out.push(faults_.get().slow_ms, answer);
}

}  // namespace readerkit::sim::card
