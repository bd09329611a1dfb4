// SPDX-License-Identifier: MIT
#include "card/t1_card.hpp"

#include <algorithm>
#include <cstring>

#include "readerkit/t1_frame.hpp"

namespace readerkit::sim::card {
namespace {

// PCB bits (§11.3.2.2).
constexpr std::uint8_t I_NS = 0x40, I_M = 0x20, R_BLOCK = 0x80, R_NR = 0x10, S_BLOCK = 0xC0;
constexpr std::uint8_t S_RESPONSE = 0x20;
enum SType : std::uint8_t { RESYNCH = 0, IFS = 1, ABORT = 2, WTX = 3 };
constexpr std::uint8_t R_EDC_ERROR = 1, R_OTHER_ERROR = 2;

constexpr std::size_t edc_length(Edc edc) {
  return edc == Edc::crc ? 2 : 1;
}

}  // namespace

T1CardEdc t1_card_edc(std::span<const std::byte> bytes, Edc edc) {
  // The library's EDC routines (readerkit/t1_frame.hpp): the card and the reader must agree.
  if (edc == Edc::lrc) return {{std::byte{t1::lrc(bytes)}}, 1};
  const std::uint16_t crc = t1::crc16(bytes);
  return {{static_cast<std::byte>(crc >> 8), static_cast<std::byte>(crc & 0xFF)}, 2};
}

std::size_t T1Card::block_size(std::span<const std::byte> prologue) const {
  if (prologue.size() < 3) return 3;  // the prologue first
  const std::size_t len = static_cast<std::uint8_t>(prologue[2]);
  return len == 255 ? 3 : 3 + len + edc_length(profile_.edc);
}

// Bytes are taken a run at a time: up to the prologue, then up to the end of the block the
// prologue announces. A block that arrives whole (the usual case) is answered where it lies.
void T1Card::receive(std::span<const std::byte> bytes, Replies& out) {
  first_reply_ = true;
  while (!bytes.empty()) {
    if (rx_.empty() && block_size(bytes) <= bytes.size()) {
      const std::size_t n = block_size(bytes);
      on_block(bytes.first(n), out);
      bytes = bytes.subspan(n);
      continue;
    }
    const auto n = std::min(block_size(rx_) - rx_.size(), bytes.size());
    rx_.insert(rx_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    bytes = bytes.subspan(n);
    if (rx_.size() < block_size(rx_)) continue;
    on_block(rx_, out);  // answers from the block in place; rx_ keeps its buffer
    rx_.clear();
  }
}

// Invalid blocks (§11.6.3.1: EDC, LEN 255, LEN over IFSC) get an R-block naming the error
// and the N(S) the card expects; the reader then retransmits.
void T1Card::on_block(std::span<const std::byte> block, Replies& out) {
  const std::size_t len = static_cast<std::uint8_t>(block[2]);
  const auto pcb = static_cast<std::uint8_t>(block[1]);
  std::uint8_t error = 0;
  if (len == 255 || ((pcb & 0x80) == 0 && len > profile_.ifsc)) {
    error = R_OTHER_ERROR;
  } else {
    const T1CardEdc expected = t1_card_edc(block.first(3 + len), profile_.edc);
    const bool edc_ok = std::ranges::equal(expected.view(), block.subspan(3 + len));
    if (!edc_ok || faults_.corrupt_reader_block()) error = R_EDC_ERROR;
  }
  if (error != 0) {
    send_block(static_cast<std::uint8_t>(R_BLOCK | (nr_ ? R_NR : 0) | error), {}, out);
    return;
  }
  const auto inf = block.subspan(3, len);
  if ((pcb & 0x80) == 0)
    on_i_block(pcb, inf, out);
  else if ((pcb & 0x40) == 0)
    on_r_block(pcb, out);
  else
    on_s_block(pcb, inf, out);
}

void T1Card::on_i_block(std::uint8_t pcb, std::span<const std::byte> inf, Replies& out) {
  const std::uint8_t ns = (pcb & I_NS) ? 1 : 0;
  if (ns != nr_) {  // a block the card already has: its answer was lost, say it again
    resend_last(out);
    return;
  }
  nr_ ^= 1;
  chaining_ = false;
  awaiting_wtx_ = false;
  command_.insert(command_.end(), inf.begin(), inf.end());
  if (pcb & I_M) {  // chained command: acknowledge, ask for the next (§11.6.2.3)
    send_block(static_cast<std::uint8_t>(R_BLOCK | (nr_ ? R_NR : 0)), {}, out);
    return;
  }
  execute(out);
}

// An R-block naming the card's next N(S) acknowledges a chained I-block; any other asks for
// the last block again (§11.6.3.2, rules 5 and 7).
void T1Card::on_r_block(std::uint8_t pcb, Replies& out) {
  const std::uint8_t nr = (pcb & R_NR) ? 1 : 0;
  if (chaining_ && nr == ns_) {
    sent_ += in_flight_;
    send_response_chunk(0, out);
    return;
  }
  resend_last(out);
}

void T1Card::on_s_block(std::uint8_t pcb, std::span<const std::byte> inf, Replies& out) {
  const auto type = static_cast<std::uint8_t>(pcb & 0x1F);
  if (pcb & S_RESPONSE) {
    if (type == WTX && awaiting_wtx_) {
      awaiting_wtx_ = false;
      next_work_step(next_delay_ms_, out);
    } else {
      send_block(static_cast<std::uint8_t>(R_BLOCK | (nr_ ? R_NR : 0) | R_OTHER_ERROR), {}, out);
    }
    return;
  }
  if (type == IFS && inf.size() == 1) {
    const auto ifsd = static_cast<std::uint8_t>(inf[0]);
    if (ifsd >= 1 && ifsd <= 254) ifsd_ = ifsd;
  } else if (type == RESYNCH) {
    ns_ = nr_ = 0;
  }
  if (type == RESYNCH || type == ABORT) {
    command_.clear();
    response_.clear();
    chaining_ = awaiting_wtx_ = false;
  }
  s_inf_.assign(inf.begin(), inf.end());  // inf views the reader's block, gone after this call
  send_block(static_cast<std::uint8_t>(pcb | S_RESPONSE), s_inf_, out);
}

void T1Card::execute(Replies& out) {
  auto command = parse_command_apdu(command_);  // its data views command_
  ResponseApdu r = command ? os_.process(*command) : status_only(SW_WRONG_LENGTH);
  command_.clear();
  r.bytes_into(response_);
  sent_ = in_flight_ = 0;
  work_left_ms_ = r.work_ms + announced_slow_ms(faults_.get());
  wtx_left_ = faults_.get().wtx_count;
  next_work_step(profile_.delay_ms, out);
}

// Long work is announced with S(WTX request) (INF = BWT multiplier 1) every keep-alive
// interval; the wtx fault adds requests before the answer.
void T1Card::next_work_step(std::uint32_t delay_ms, Replies& out) {
  if (wtx_left_ == 0 && work_left_ms_ == 0) {
    send_response_chunk(delay_ms, out);
    return;
  }
  if (wtx_left_ > 0) {
    --wtx_left_;
    next_delay_ms_ = 0;
  } else {
    next_delay_ms_ = std::min(work_left_ms_, profile_.keepalive_ms);
    work_left_ms_ -= next_delay_ms_;
  }
  awaiting_wtx_ = true;
  s_inf_.assign({std::byte{1}});  // BWT multiplier 1
  send_block(static_cast<std::uint8_t>(S_BLOCK | WTX), s_inf_, out, delay_ms);
}

void T1Card::send_response_chunk(std::uint32_t delay_ms, Replies& out) {
  const std::size_t rest = response_.size() - sent_;
  in_flight_ = std::min(rest, ifsd_);
  chaining_ = in_flight_ < rest;
  const auto pcb = static_cast<std::uint8_t>((ns_ ? I_NS : 0) | (chaining_ ? I_M : 0));
  ns_ ^= 1;
  send_block(pcb, std::span<const std::byte>(response_).subspan(sent_, in_flight_), out, delay_ms);
}

// The card remembers what it sent, not the bytes: PCB and a view of the INF, which stays valid
// until the next block is sent (an I-block's INF is in response_, an S-block's in s_inf_), so
// each block is written once, straight into the reply queue.
void T1Card::send_block(std::uint8_t pcb, std::span<const std::byte> inf, Replies& out,
                        std::uint32_t delay_ms) {
  last_ = SentBlock{pcb, inf};
  resend_last(out);
  out.back().delay_ms += delay_ms;
}

// Every block the card sends passes the drop and EDC faults; the next resend is intact again.
void T1Card::resend_last(Replies& out) {
  std::uint32_t delay = 0;
  if (first_reply_) delay = silent_slow_ms(faults_.get());
  first_reply_ = false;
  // Nothing sent yet: the reader's block made no sense.
  if (!last_) last_ = SentBlock{static_cast<std::uint8_t>(R_BLOCK | R_OTHER_ERROR), {}};
  Reply& sent = out.push(delay, {});
  write_block(sent.bytes, last_->pcb, last_->inf);
  if (faults_.drop_card_block())
    sent.bytes.clear();  // lost on the line: the reader times out
  else if (faults_.corrupt_card_block())
    sent.bytes.back() ^= std::byte{0x5A};
}

// NAD 00, PCB, LEN, INF, EDC into `block` (its buffer reused).
void T1Card::write_block(Bytes& block, std::uint8_t pcb, std::span<const std::byte> inf) const {
  const std::size_t body = 3 + inf.size();
  block.resize(body + edc_length(profile_.edc));
  block[0] = std::byte{0x00};
  block[1] = std::byte{pcb};
  block[2] = static_cast<std::byte>(inf.size());
  if (!inf.empty()) std::memcpy(block.data() + 3, inf.data(), inf.size());
  const T1CardEdc edc = t1_card_edc(std::span<const std::byte>(block).first(body), profile_.edc);
  std::memcpy(block.data() + body, edc.bytes.data(), edc.size);
}

}  // namespace readerkit::sim::card
