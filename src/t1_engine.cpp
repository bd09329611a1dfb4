// SPDX-License-Identifier: MIT
// T=1 engine, error-free operation (ISO/IEC 7816-3 §11.6.2): one function per phase of
// T1Phase, each deciding from a valid block which block goes out next. Invalid blocks and
// silence go to the recovery rules in t1_recovery.cpp. docs/t1.md draws the state diagram.
#include <algorithm>

#include "readerkit/t1.hpp"

namespace readerkit {
namespace {

std::uint8_t bit(std::uint8_t pcb, std::uint8_t mask) {
  return (pcb & mask) ? 1 : 0;
}
bool is_response(const t1::Block& b) {
  return (b.pcb & t1::PCB_S_RESPONSE) != 0;
}
t1::SType s_type(const t1::Block& b) {
  return static_cast<t1::SType>(b.pcb & 0x1F);
}

}  // namespace

T1Engine::T1Engine(ProtocolState& state, const T1Settings& settings,
                   std::span<const std::byte> command, std::span<std::byte> direct_response)
    : state_(state),
      t1_(state.t1),
      settings_(settings),
      command_(command),
      direct_(direct_response) {}

std::span<const std::byte> T1Engine::block() const {
  return {t1_.block.data(), t1_.block_length};
}

std::uint32_t T1Engine::wait_us() const {
  const std::uint64_t wait = std::uint64_t{settings_.bwt_us} * std::max(state_.wtx_multiplier, 1u);
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(wait, UINT32_MAX));
}

Status T1Engine::start() {
  if (command_.empty()) return Status::INVALID_PARAMETER;
  t1_.command_offset = 0;
  t1_.chunk = 0;
  clear_response();
  t1_.retries = t1_.resynchs = t1_.timeouts = 0;
  t1_.s_requests = 0;
  t1_.started = std::chrono::steady_clock::now();
  t1_.ifsc = std::clamp<std::uint32_t>(settings_.ifsc, 1, t1::MAX_INF);
  state_.wtx_multiplier = 1;
  if (settings_.suppress_ifs_request) t1_.ifs_done = true;
  // Rule 4 / §11.4.2: announce our IFSD once after reset, before the first I-block (rule 1).
  if (!t1_.ifs_done) return send_ifs_request();
  return send_next_chunk();
}

Status T1Engine::on_block(std::span<const std::byte> received) {
  if (t1_.phase == T1Phase::idle) return Status::INVALID_DEVICE_STATE;
  state_.wtx_multiplier = 1;  // a WTX extends one wait only (rule 3)
  if (t1_.phase == T1Phase::aborted) return fail(Status::DEVICE_PROTOCOL_ERROR);
  if (received.empty()) return on_timeout();
  t1_.timeouts = 0;
  t1::Block b;
  const t1::RError error = t1::parse_block(received, settings_.edc, b);
  return error == t1::RError::none ? on_valid_block(b) : on_invalid_block(error);
}

Status T1Engine::on_valid_block(const t1::Block& b) {
  if (b.type() == t1::BlockType::S && !is_response(b) && t1_.phase != T1Phase::resynch)
    return on_card_s_request(b);
  switch (t1_.phase) {
    case T1Phase::ifs_request:
      return in_ifs_request(b);
    case T1Phase::sending:
      return in_sending(b);
    case T1Phase::receiving:
      return in_receiving(b);
    case T1Phase::resynch:
      return in_resynch(b);
    default:
      return fail(Status::DEVICE_PROTOCOL_ERROR);
  }
}

Status T1Engine::in_ifs_request(const t1::Block& b) {
  const bool answer = b.type() == t1::BlockType::S && s_type(b) == t1::SType::IFS &&
                      static_cast<std::uint8_t>(b.inf[0]) == t1_.ifsd;
  if (!answer) return on_invalid_block(t1::RError::OTHER);
  t1_.ifs_done = true;
  t1_.retries = 0;
  return send_next_chunk();
}

Status T1Engine::in_sending(const t1::Block& b) {
  const bool chaining = t1_.command_offset + t1_.chunk < command_.size();
  if (b.type() == t1::BlockType::R) {
    const std::uint8_t nr = bit(b.pcb, t1::PCB_R_NR);
    if (chaining && nr != t1_.ns) {  // rule 5: the card acknowledges our chained I-block
      t1_.command_offset += t1_.chunk;
      t1_.ns ^= 1;
      t1_.retries = 0;
      return send_next_chunk();
    }
    return retransmit_last_i_block();  // rule 7.3: N(R) asks for our block again
  }
  if (b.type() != t1::BlockType::I || chaining || bit(b.pcb, t1::PCB_I_NS) != t1_.nr)
    return on_invalid_block(t1::RError::OTHER);  // rules 5 and 7.1
  // Rule 2.1: the card's I-block acknowledges our last one.
  t1_.command_offset += t1_.chunk;
  t1_.ns ^= 1;
  return accept_card_i_block(b);
}

Status T1Engine::in_receiving(const t1::Block& b) {
  if (b.type() == t1::BlockType::I && bit(b.pcb, t1::PCB_I_NS) == t1_.nr)
    return accept_card_i_block(b);
  return on_invalid_block(t1::RError::OTHER);  // rule 7.1
}

Status T1Engine::in_resynch(const t1::Block& b) {
  if (b.type() == t1::BlockType::S && is_response(b) && s_type(b) == t1::SType::RESYNCH)
    return restart_after_resynch();
  return on_invalid_block(t1::RError::OTHER);
}

Status T1Engine::accept_card_i_block(const t1::Block& b) {
  if (t1_.response_length + b.inf.size() > APDU_MAX_RESPONSE)
    return fail(Status::DEVICE_PROTOCOL_ERROR);
  append_response(b.inf);
  t1_.nr ^= 1;
  t1_.retries = 0;
  if (b.pcb & t1::PCB_I_M) {  // rule 5: acknowledge with R(N(R) = next expected N(S))
    t1_.phase = T1Phase::receiving;
    return send_r_block(t1::RError::none);
  }
  t1_.phase = T1Phase::idle;
  return Status::SUCCESS;
}

Status T1Engine::send_next_chunk() {
  const std::size_t remaining = command_.size() - t1_.command_offset;
  t1_.chunk = std::min<std::size_t>(remaining, t1_.ifsc);
  t1_.phase = T1Phase::sending;
  const bool more = t1_.chunk < remaining;
  return send(t1::i_pcb(t1_.ns, more), command_.subspan(t1_.command_offset, t1_.chunk));
}

Status T1Engine::send_ifs_request() {
  t1_.ifsd = std::clamp<std::uint32_t>(settings_.max_ifsd, 1, t1::MAX_INF);
  t1_.phase = T1Phase::ifs_request;
  const std::byte inf[] = {static_cast<std::byte>(t1_.ifsd)};
  return send(t1::s_pcb(t1::SType::IFS, false), inf);
}

Status T1Engine::send(std::uint8_t pcb, std::span<const std::byte> inf) {
  t1_.block_length = t1::build_block(t1_.block, settings_.nad, pcb, inf, settings_.edc);
  return Status::MORE_PROCESSING_REQUIRED;
}

Status T1Engine::send_r_block(t1::RError error) {
  return send(t1::r_pcb(t1_.nr, error), {});
}

}  // namespace readerkit
