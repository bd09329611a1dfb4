// SPDX-License-Identifier: MIT
// T=0 TPDUs and the contract's request/reply helpers (ISO/IEC 7816-3 §10.3; docs/contract/ioctl.md
// §6). The character-level engine is in t0_engine.cpp.
#include <algorithm>

#include "readerkit/card.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/t0.hpp"

namespace readerkit {

Result<T0Tpdu> parse_tpdu(std::span<const std::byte> command) {
  if (command.size() < 4) return Status::INVALID_PARAMETER;
  T0Tpdu t;
  std::copy_n(command.begin(), 4, t.header.begin());
  t.header[4] = command.size() > 4 ? command[4] : std::byte{0};  // case 1: P3 = 00
  const std::size_t p3 = static_cast<std::uint8_t>(t.header[4]);
  if (command.size() <= 5) {  // cases 1 and 2: P3 bytes come from the card, 00 = 256
    t.expected = p3 == 0 ? 256 : p3;
    return t;
  }
  // Case 3: 5 + P3 bytes. Case 4S: 5 + Lc + Le; ISO/IEC 7816-3 §12.2.4 sends it as its case 3
  // TPDU (Le dropped), and the card announces its response with 61xx for GET RESPONSE.
  if (p3 == 0 || (command.size() != 5 + p3 && command.size() != 6 + p3)) {
    return Status::INVALID_PARAMETER;
  }
  t.data = command.subspan(5, p3);
  return t;
}

Status t0_request(CallbackParams& params) {
  auto tpdu = parse_tpdu(transmit_command(params));
  if (!tpdu) return tpdu.status();
  const TracePoint trace = params.trace_point();
  trace(TraceEvent::t0_header, TraceDirection::to_card, tpdu->header);
  if (!tpdu->data.empty()) trace(TraceEvent::t0_data, TraceDirection::to_card, tpdu->data);
  if (Status s = append_to_smartcard_request(params, tpdu->header); s != Status::SUCCESS) return s;
  return append_to_smartcard_request(params, tpdu->data);
}

Status t0_reply(CallbackParams& params) {
  if (params.smartcard_reply == nullptr) return Status::INVALID_PARAMETER;
  if (params.bytes_returned) *params.bytes_returned = 0;
  const auto reply = params.smartcard_reply->data();
  // The reader moved the procedure bytes itself: the card's answer is data and SW1 SW2.
  const TracePoint trace = params.trace_point();
  if (reply.size() > 2)
    trace(TraceEvent::t0_data, TraceDirection::from_card, reply.first(reply.size() - 2));
  trace(TraceEvent::t0_status, TraceDirection::from_card, reply.last(std::min<std::size_t>(reply.size(), 2)));
  if (reply.size() < 2 || !is_sw1(reply[reply.size() - 2]))
    return Status::DEVICE_PROTOCOL_ERROR;  // every T=0 answer ends with SW1 SW2 (§10.3.3)
  return complete_transmit(params, SCARD_PROTOCOL_T0, reply);
}

}  // namespace readerkit
