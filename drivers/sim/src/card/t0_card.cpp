// SPDX-License-Identifier: MIT
#include "card/t0_card.hpp"

#include <algorithm>
#include <array>

namespace readerkit::sim::card {
namespace {

constexpr std::array<std::byte, 1> NULL_BYTE{std::byte{0x60}};
constexpr std::uint8_t GET_RESPONSE = 0xC0;

std::array<std::byte, 2> sw_bytes(std::uint16_t sw) {
  return {static_cast<std::byte>(sw >> 8), static_cast<std::byte>(sw & 0xFF)};
}

void append_sw(Bytes& reply, std::uint16_t sw) {
  const auto b = sw_bytes(sw);
  reply.insert(reply.end(), b.begin(), b.end());
}

// INS values 6x and 9x would read as procedure bytes (§10.3.3): the card refuses them.
bool invalid_ins(std::uint8_t ins) {
  return (ins & 0xF0) == 0x60 || (ins & 0xF0) == 0x90;
}

}  // namespace

void T0Card::push(Replies& out, std::span<const std::byte> bytes, std::uint32_t delay_ms,
                  std::uint32_t repeat) {
  if (repeat == 0) return;
  if (first_reply_ && repeat > 1) {  // only the first of the run carries the start-up delay
    push(out, bytes, delay_ms);
    --repeat;
  }
  if (first_reply_) delay_ms += silent_slow_ms(faults_.get()) + profile_.delay_ms;
  first_reply_ = false;
  out.push(delay_ms, bytes, repeat);
}

// Bytes are taken a run at a time: the rest of the header, or the data up to the end of what
// the last procedure byte let through.
void T0Card::receive(std::span<const std::byte> bytes, Replies& out) {
  first_reply_ = true;
  while (!bytes.empty()) {
    if (expected_ == 0) {
      const std::size_t n = std::min(5 - header_.size(), bytes.size());
      header_.insert(header_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
      bytes = bytes.subspan(n);
      if (header_.size() == 5) on_header(out);
      continue;
    }
    const std::size_t n = std::min({bytes.size(), expected_, acked_});
    data_.insert(data_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    bytes = bytes.subspan(n);
    expected_ -= n;
    acked_ -= n;
    if (expected_ == 0) {
      const auto h = [this](std::size_t i) { return static_cast<std::uint8_t>(header_[i]); };
      const CommandApdu c{h(0), h(1), h(2), h(3), data_, std::nullopt, false};
      header_.clear();
      execute(c, DataDirection::to_card, out);
    } else if (acked_ == 0) {
      send_procedure_for_data(out);
    }
  }
}

// The header decides: incoming data gets a procedure byte, anything else runs at once with
// P3 read as Le (§10.3.2: case 1 sends P3 = 00, which the application sees as Le 00).
void T0Card::on_header(Replies& out) {
  const auto h = [this](std::size_t i) { return static_cast<std::uint8_t>(header_[i]); };
  const std::uint8_t ins = h(1), p3 = h(4);
  if (invalid_ins(ins)) {
    header_.clear();
    push(out, sw_bytes(SW_INS_NOT_SUPPORTED));
    return;
  }
  if (ins == GET_RESPONSE && (h(0) == 0x00 || h(0) == 0x80) && pending_.active) {
    get_response(out);
    header_.clear();
    return;
  }
  pending_.active = false;
  const DataDirection dir = ins == INS_ENVELOPE ? DataDirection::to_card : os_.direction(h(0), ins);
  if (dir == DataDirection::to_card && p3 > 0) {
    expected_ = p3;
    data_.clear();
    send_procedure_for_data(out);
    return;
  }
  CommandApdu c{h(0), ins, h(2), h(3), {}, std::nullopt, false};
  if (dir != DataDirection::to_card) c.le = p3;
  header_.clear();
  execute(c, dir, out);
}

// ACK lets all remaining bytes through, complement ACK one; "mixed" uses both on every command.
void T0Card::send_procedure_for_data(Replies& out) {
  const auto ins = static_cast<std::uint8_t>(header_[1]);
  const bool single =
      profile_.t0_ack == T0Ack::single || (profile_.t0_ack == T0Ack::mixed && data_.empty());
  acked_ = single ? 1 : expected_;
  const std::byte procedure{static_cast<std::uint8_t>(single ? ins ^ 0xFF : ins)};
  push(out, {&procedure, 1});
}

// ENVELOPE pieces are the transport's: 9000 until they form an APDU, which then runs.
ResponseApdu T0Card::process(const CommandApdu& c) {
  if (c.ins != INS_ENVELOPE) {
    envelope_.reset();
    return os_.process(c);
  }
  bool overflow = false;
  auto inner = envelope_.add(c.data, overflow);
  if (overflow) return status_only(SW_WRONG_LENGTH);
  return inner ? os_.process(*inner) : status_only(SW_OK);
}

void T0Card::execute(const CommandApdu& c, DataDirection dir, Replies& out) {
  ResponseApdu r = process(c);
  const std::uint32_t keepalive = profile_.keepalive_ms;
  std::uint32_t work = r.work_ms + announced_slow_ms(faults_.get());
  // NULL bytes (§10.3.3): one per whole keep-alive interval of the work, one for the rest of
  // it, then the fault's extra ones at once; each run is a single queue entry.
  const std::uint32_t whole = work / keepalive;
  push(out, NULL_BYTE, keepalive, whole);
  push(out, NULL_BYTE, work % keepalive, work % keepalive != 0 ? 1 : 0);
  push(out, NULL_BYTE, 0, faults_.get().wtx_count);
  if (dir == DataDirection::from_card && !r.data.empty()) {
    const std::size_t ne = c.ne();
    if (r.data.size() < ne) {  // wrong Le: tell the exact length (§10.3.4, 6Cxx)
      push(out, sw_bytes(static_cast<std::uint16_t>(0x6C00 | r.data.size())));
      return;
    }
    reply_.assign({static_cast<std::byte>(c.ins)});
    reply_.insert(reply_.end(), r.data.begin(), r.data.begin() + static_cast<std::ptrdiff_t>(ne));
    if (r.data.size() > ne) {
      keep_pending(r.data, ne, r.sw);
      r.sw = static_cast<std::uint16_t>(0x6100 | ((r.data.size() - ne) & 0xFF));
    }
    append_sw(reply_, r.sw);
    push(out, reply_);
    return;
  }
  answer(r, out);
}

void T0Card::keep_pending(std::span<const std::byte> data, std::size_t offset, std::uint16_t sw) {
  pending_.data.assign(data.begin(), data.end());
  pending_.offset = offset;
  pending_.sw = sw;
  pending_.active = true;
}

// Status only; data a case 3 command produced waits behind 61xx (xx = length mod 256).
void T0Card::answer(const ResponseApdu& r, Replies& out) {
  if (r.data.empty()) {
    push(out, sw_bytes(r.sw));
    return;
  }
  keep_pending(r.data, 0, r.sw);
  push(out, sw_bytes(static_cast<std::uint16_t>(0x6100 | (r.data.size() & 0xFF))));
}

void T0Card::get_response(Replies& out) {
  const std::size_t p3 = static_cast<std::uint8_t>(header_[4]);
  const std::size_t ne = p3 == 0 ? 256 : p3;
  Pending& p = pending_;
  const std::size_t rest = p.data.size() - p.offset;
  if (ne > rest) {
    push(out, sw_bytes(static_cast<std::uint16_t>(0x6C00 | (rest & 0xFF))));
    return;
  }
  reply_.assign({static_cast<std::byte>(GET_RESPONSE)});
  const auto first = p.data.begin() + static_cast<std::ptrdiff_t>(p.offset);
  reply_.insert(reply_.end(), first, first + static_cast<std::ptrdiff_t>(ne));
  p.offset += ne;
  const std::size_t left = rest - ne;
  append_sw(reply_, left > 0 ? static_cast<std::uint16_t>(0x6100 | (left & 0xFF)) : p.sw);
  if (left == 0) p.active = false;
  push(out, reply_);
}

}  // namespace readerkit::sim::card
