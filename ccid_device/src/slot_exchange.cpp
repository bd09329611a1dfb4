// SPDX-License-Identifier: MIT
// PC_to_RDR_XfrBlock of one slot (CCID rev 1.1 §6.1.4): at APDU level through the library's APDU
// helper, with wLevelParameter chaining on the extended level; at TPDU level as it is for T=0
// and through the card side of T=1; and a host's own PPS.
#include <algorithm>

#include "readerkit/apdu.hpp"
#include "readerkit/pps.hpp"
#include "readerkit/t1_frame.hpp"
#include "slot_calls.hpp"
#include "slot_commands.hpp"
#include "slot_outcome.hpp"

namespace readerkit::ccid_device {

using namespace detail;
using ccid::SlotError;

Outcome SlotCommands::xfr_block(const ccid::Command& c) {
  return profile_.level == ccid::ExchangeLevel::tpdu ? tpdu_level(c) : apdu_level(c);
}

Outcome SlotCommands::apdu_level(const ccid::Command& c) {
  if (profile_.level != ccid::ExchangeLevel::extended_apdu) return exchange(c.data);
  const auto level = static_cast<ccid::Chain>(c.specific[1] | c.specific[2] << 8);
  switch (level) {
    case ccid::Chain::begins_and_ends:
      chain_in_.clear();
      return exchange(c.data);
    case ccid::Chain::begins_continues:
      chain_in_.clear();
      [[fallthrough]];
    case ccid::Chain::continues_continues:
    case ccid::Chain::continues_ends: {
      if (chain_in_.size() + c.data.size() > T1Responder::kMaxCommand) {
        chain_in_.clear();
        return failed(SlotError::XFR_OVERRUN);
      }
      chain_in_.insert(chain_in_.end(), c.data.begin(), c.data.end());
      if (level != ccid::Chain::continues_ends) return ok({}, kChainContinue);
      const Bytes apdu = std::move(chain_in_);
      chain_in_.clear();
      return exchange(apdu);
    }
    case ccid::Chain::empty_continue:
      return next_response_chunk();
  }
  return bad_parameter(kOffsetLevel);
}

Outcome SlotCommands::exchange(std::span<const std::byte> apdu) {
  auto protocol = ensure_protocol();
  if (!protocol) return failed(protocol.status());
  auto response = transmit_apdu(device_, apdu);
  if (!response) return failed(response.status());
  return send_response(std::move(*response));
}

Outcome SlotCommands::send_response(Bytes response) {
  if (response.size() + ccid::kHeaderSize <= profile_.max_message) return ok(std::move(response));
  // Only the extended APDU level can chain a response (CCID §6.2.1, bChainParameter).
  if (profile_.level != ccid::ExchangeLevel::extended_apdu) return failed(SlotError::XFR_OVERRUN);
  chain_out_ = std::move(response);
  chain_out_sent_ = 0;
  return next_response_chunk();
}

Outcome SlotCommands::next_response_chunk() {
  if (chain_out_sent_ >= chain_out_.size()) return bad_parameter(kOffsetLevel);
  const auto room = profile_.max_message - ccid::kHeaderSize;
  const auto n = std::min<std::size_t>(room, chain_out_.size() - chain_out_sent_);
  const bool first = chain_out_sent_ == 0;
  const auto begin = chain_out_.begin() + static_cast<std::ptrdiff_t>(chain_out_sent_);
  Bytes chunk(begin, begin + static_cast<std::ptrdiff_t>(n));
  chain_out_sent_ += n;
  const bool last = chain_out_sent_ == chain_out_.size();
  const auto chain = first
                         ? ccid::Chain::begins_continues
                         : (last ? ccid::Chain::continues_ends : ccid::Chain::continues_continues);
  if (last) {
    chain_out_.clear();
    chain_out_sent_ = 0;
  }
  return ok(std::move(chunk), static_cast<std::uint8_t>(chain));
}

Outcome SlotCommands::tpdu_level(const ccid::Command& c) {
  if (c.data.empty()) return bad_parameter(kOffsetData);
  if (c.data[0] == std::byte{0xFF} && device_.state() == CardState::SCARD_NEGOTIABLE) {
    return pps(c.data);
  }
  auto protocol = ensure_protocol();
  if (!protocol) return failed(protocol.status());
  if (*protocol == SCARD_PROTOCOL_T0) {
    auto response = transmit(device_, SCARD_PROTOCOL_T0, c.data);
    if (!response) return failed(response.status());
    return ok(std::move(*response));
  }
  const ApduRunner run = [&](std::span<const std::byte> apdu) {
    return transmit(device_, SCARD_PROTOCOL_T1, apdu);
  };
  auto block = t1_.answer(c.data, device_.card().edc, run);
  if (!block) return failed(block.status());
  return ok(std::move(*block));
}

// A PPS request the host sends itself at TPDU level (no automatic PPS): the protocol it names is
// selected through SET_PROTOCOL, which runs the library's own PPS with the card, and the
// request is echoed, as a card that accepts it does (ISO/IEC 7816-3 §9.3).
Outcome SlotCommands::pps(std::span<const std::byte> request) {
  // Its length follows PPS0's presence bits, and PCK makes the XOR of all bytes 0 (§9.2).
  if (request.size() < 2 || request.size() != pps_message_length(request[1]) ||
      t1::lrc(request) != 0) {
    return failed(SlotError::HW_ERROR);
  }
  const auto protocol = std::to_integer<std::uint8_t>(request[1]) & 0x0F;
  if (protocol > 1) return failed(SlotError::ICC_PROTOCOL_NOT_SUPPORTED);
  wanted_protocol_ = protocol == 1 ? SCARD_PROTOCOL_T1 : SCARD_PROTOCOL_T0;
  auto selected = ensure_protocol();
  if (!selected) return failed(selected.status());
  return ok(Bytes(request.begin(), request.end()));
}

}  // namespace readerkit::ccid_device
