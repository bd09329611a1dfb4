// SPDX-License-Identifier: MIT
// The contract's T=1 helpers (docs/contract/ioctl.md §6) on top of T1Engine: the request/reply
// pair a driver calls around its own block I/O, and the loop over a BlockTransport.
#include <algorithm>
#include <array>
#include <cstdint>

#include "readerkit/card.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/t1.hpp"

namespace readerkit {
namespace {

bool complete(const CallbackParams& p) {
  return p.card != nullptr && p.reader != nullptr && p.protocol != nullptr;
}

/// Where the answer can be assembled in place: after the SCARD_IO_REQUEST header of the
/// caller's output, unless that memory overlaps the command (input and output may alias).
std::span<std::byte> direct_output(const CallbackParams& p) {
  if (p.reply.size() <= SCARD_IO_REQUEST_SIZE) return {};
  const auto out = p.reply.subspan(SCARD_IO_REQUEST_SIZE);
  const auto in = p.request;
  const auto o = reinterpret_cast<std::uintptr_t>(out.data());
  const auto i = reinterpret_cast<std::uintptr_t>(in.data());
  const bool overlap = o < i + in.size() && i < o + out.size();
  return overlap ? std::span<std::byte>{} : out;
}

/// The card's IFSC and our IFSD are attributes (CURRENT_IFSC/IFSD): keep them in step.
void publish_sizes(CallbackParams& p) {
  p.card->ifsc = p.protocol->t1.ifsc;
  p.card->ifsd = p.protocol->t1.ifsd;
}

void trace_sent(const TracePoint& trace, std::span<const std::byte> block) {
  trace(TraceEvent::t1_block, TraceDirection::to_card, block);
}

/// The card's block, or the silence the engine will treat as a timeout.
void trace_received(const TracePoint& trace, std::span<const std::byte> block,
                    std::uint32_t waited_us) {
  if (!block.empty()) return trace(TraceEvent::t1_block, TraceDirection::from_card, block);
  trace(TraceEvent::t1_timeout, TraceDirection::from_card, {}, waited_us);
}

Status finish(CallbackParams& p, const T1Engine& engine, Status s) {
  publish_sizes(p);
  if (p.bytes_returned) *p.bytes_returned = 0;
  if (s != Status::SUCCESS) return s;
  return complete_transmit(p, SCARD_PROTOCOL_T1, engine.response());
}

}  // namespace

T1Settings t1_settings(const CallbackParams& p) {
  T1Settings s;
  s.edc = p.card->edc;
  s.nad = p.protocol->nad;
  s.ifsc = p.card->ifsc;
  s.max_ifsd = std::min<std::uint32_t>(p.reader->max_ifsd, t1::MAX_INF);
  s.suppress_ifs_request = p.protocol->suppress_t1_ifs_request;
  s.bwt_us = p.card->bwt_us;
  s.cwt_us = p.card->cwt_us;
  s.max_keepalive_ms = p.protocol->max_keepalive_ms;
  return s;
}

Status t1_request(CallbackParams& params) {
  if (!complete(params) || params.smartcard_request == nullptr) return Status::INVALID_PARAMETER;
  const T1Settings settings = t1_settings(params);
  T1Engine engine(*params.protocol, settings, transmit_command(params), direct_output(params));
  T1State& t1 = params.protocol->t1;
  // A block handed out without its reply means the driver abandoned that exchange.
  if (t1.phase == T1Phase::idle || t1.awaiting_reply) {
    const Status s = engine.start();
    if (s != Status::MORE_PROCESSING_REQUIRED) return s;
  }
  t1.awaiting_reply = true;
  if (params.trace) trace_sent(params.trace_point(), engine.block());
  return append_to_smartcard_request(params, engine.block());
}

Status t1_reply(CallbackParams& params) {
  if (!complete(params) || params.smartcard_reply == nullptr) return Status::INVALID_PARAMETER;
  const T1Settings settings = t1_settings(params);
  T1Engine engine(*params.protocol, settings, transmit_command(params), direct_output(params));
  params.protocol->t1.awaiting_reply = false;
  if (params.trace)
    trace_received(params.trace_point(), params.smartcard_reply->data(), engine.wait_us());
  return finish(params, engine, engine.on_block(params.smartcard_reply->data()));
}

std::uint32_t t1_wait_us(const CallbackParams& params) {
  if (!complete(params)) return 0;
  const T1Settings settings = t1_settings(params);
  return T1Engine(*params.protocol, settings, {}).wait_us();
}

Status t1_transmit(CallbackParams& params, BlockTransport& transport) {
  if (!complete(params)) return Status::INVALID_PARAMETER;
  const T1Settings settings = t1_settings(params);
  T1Engine engine(*params.protocol, settings, transmit_command(params), direct_output(params));
  std::array<std::byte, t1::MAX_BLOCK> received;  // only the bytes the transport wrote are read
  const TracePoint trace = params.trace_point();
  Status s = engine.start();
  while (s == Status::MORE_PROCESSING_REQUIRED) {
    publish_sizes(params);
    const auto out = engine.block();
    if (trace) trace_sent(trace, out);
    const Status sent = transport.send_block(out);
    const std::uint32_t wait_us = engine.wait_us();
    auto got = sent == Status::SUCCESS ? transport.receive_block(received, wait_us, settings.cwt_us)
                                       : Result<std::size_t>(sent);
    if (!got && got.status() != Status::IO_TIMEOUT) {
      params.protocol->t1.phase = T1Phase::idle;  // the card or reader is gone
      return got.status();
    }
    const auto block = got ? std::span<const std::byte>(received.data(), *got)
                           : std::span<const std::byte>{};
    if (trace) trace_received(trace, block, wait_us);
    s = engine.on_block(block);
  }
  return finish(params, engine, s);
}

}  // namespace readerkit
