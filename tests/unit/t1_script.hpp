// SPDX-License-Identifier: MIT
// Test doubles for the T=1 engine: a scripted block transport ({sent, received} pairs, byte
// exact) and an in-memory card that speaks T=1 correctly (for long chained exchanges and the
// benchmark).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "readerkit/bytes.hpp"
#include "readerkit/t1_frame.hpp"
#include "readerkit/transport.hpp"

namespace readerkit::test {

/// One step of a script: the block we must send, then what the card answers (nullopt:
/// silence, the wait times out).
struct Step {
  std::string sent;
  std::optional<std::string> received;
};

/// Hex of a block given as "NAD PCB LEN INF" with its EDC appended.
inline std::string blk(std::string_view prologue_and_inf, Edc edc = Edc::lrc) {
  Bytes b = *from_hex(prologue_and_inf);
  if (edc == Edc::lrc) {
    b.push_back(static_cast<std::byte>(t1::lrc(b)));
  } else {
    const std::uint16_t crc = t1::crc16(b);
    b.push_back(static_cast<std::byte>(crc >> 8));
    b.push_back(static_cast<std::byte>(crc & 0xFF));
  }
  return to_hex(b);
}

/// Plays a script: records what the engine sends and the waits it asks for.
class ScriptedBlockTransport : public BlockTransport {
 public:
  explicit ScriptedBlockTransport(std::vector<Step> script) : script_(std::move(script)) {}

  Status send_block(std::span<const std::byte> block) override {
    sent.push_back(to_hex(block));
    return Status::SUCCESS;
  }
  Result<std::size_t> receive_block(std::span<std::byte> out, std::uint32_t bwt_us,
                                    std::uint32_t) override {
    waits.push_back(bwt_us);
    if (next_ >= script_.size() || !script_[next_].received) return ++next_, Status::IO_TIMEOUT;
    const Bytes b = *from_hex(*script_[next_++].received);
    std::copy(b.begin(), b.end(), out.begin());
    return b.size();
  }
  /// The blocks the script expects us to send, in order.
  std::vector<std::string> expected() const {
    std::vector<std::string> e;
    for (const auto& s : script_) e.push_back(to_hex(*from_hex(s.sent)));
    return e;
  }

  std::vector<std::string> sent;
  std::vector<std::uint32_t> waits;

 private:
  std::vector<Step> script_;
  std::size_t next_ = 0;
};

/// A well-behaved T=1 card in memory: answers S(IFS), acknowledges our chain, then returns
/// `response` chained in blocks of our IFSD. Records the command it received.
class T1LoopbackCard : public BlockTransport {
 public:
  T1LoopbackCard(Bytes response, Edc edc) : response_(std::move(response)), edc_(edc) {}

  Status send_block(std::span<const std::byte> block) override {
    t1::Block b;
    if (t1::parse_block(block, edc_, b) != t1::RError::none)
      return reply(t1::r_pcb(expected_, t1::RError::EDC), {});
    if (b.type() == t1::BlockType::S) {
      if ((b.pcb & 0x1F) == 1) ifsd_ = static_cast<std::uint8_t>(b.inf[0]);
      return reply(static_cast<std::uint8_t>(b.pcb | t1::PCB_S_RESPONSE), b.inf);
    }
    if (b.type() == t1::BlockType::I) return on_i_block(b);
    return on_r_block(b);
  }
  Result<std::size_t> receive_block(std::span<std::byte> out, std::uint32_t,
                                    std::uint32_t) override {
    std::copy_n(pending_.begin(), pending_length_, out.begin());
    return pending_length_;
  }

  Bytes command;

 private:
  Status on_i_block(const t1::Block& b) {
    // A new command acknowledges the card's last I-block (§11.6.2.2): its N(S) moves on, or the
    // next answer would repeat the old sequence number and the reader rightly rejects it.
    if (last_sent_) {
      ns_ ^= 1;
      last_sent_ = false;
    }
    command.insert(command.end(), b.inf.begin(), b.inf.end());
    expected_ ^= 1;
    if (b.pcb & t1::PCB_I_M) return reply(t1::r_pcb(expected_, t1::RError::none), {});
    offset_ = 0;
    return send_chunk();
  }
  Status on_r_block(const t1::Block& b) {
    if (((b.pcb & t1::PCB_R_NR) != 0) != (ns_ != 0)) {  // acknowledged: next chunk
      offset_ += chunk_;
      ns_ ^= 1;
    }
    return send_chunk();
  }
  Status send_chunk() {
    chunk_ = std::min<std::size_t>(ifsd_, response_.size() - offset_);
    const bool more = offset_ + chunk_ < response_.size();
    last_sent_ = !more;
    return reply(t1::i_pcb(ns_, more), std::span(response_).subspan(offset_, chunk_));
  }
  Status reply(std::uint8_t pcb, std::span<const std::byte> inf) {
    pending_length_ = t1::build_block(pending_, 0, pcb, inf, edc_);
    return Status::SUCCESS;
  }

  Bytes response_;
  Edc edc_;
  std::uint32_t ifsd_ = 32;
  std::uint8_t ns_ = 0, expected_ = 0;
  bool last_sent_ = false;  // the response's last I-block is out, not yet acknowledged
  std::size_t offset_ = 0, chunk_ = 0;
  std::array<std::byte, t1::MAX_BLOCK> pending_{};
  std::size_t pending_length_ = 0;
};

}  // namespace readerkit::test
