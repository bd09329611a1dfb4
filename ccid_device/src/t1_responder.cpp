// SPDX-License-Identifier: MIT
// The card's side of T=1 (ISO/IEC 7816-3 §11.6): see t1_responder.hpp.
#include "t1_responder.hpp"

#include <algorithm>
#include <array>

namespace readerkit::ccid_device {
namespace {

using namespace t1;

std::uint8_t nr_of(std::uint8_t pcb) {
  return (pcb & PCB_R_NR) != 0 ? 1 : 0;
}
std::uint8_t ns_of(std::uint8_t pcb) {
  return (pcb & PCB_I_NS) != 0 ? 1 : 0;
}
SType s_type(std::uint8_t pcb) {
  return static_cast<SType>(pcb & 0x1F);
}

}  // namespace

void T1Responder::reset() {
  *this = T1Responder{};
}

Bytes T1Responder::send_block(std::uint8_t pcb, std::span<const std::byte> inf, Edc edc) {
  std::array<std::byte, MAX_BLOCK> out{};
  const auto n = build_block(out, 0, pcb, inf, edc);
  last_.assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
  return last_;
}

Bytes T1Responder::next_chunk(Edc edc) {
  const auto left = reply_.size() - reply_sent_;
  const auto n = std::min<std::size_t>(left, ifsd_);
  const bool more = n < left;
  const auto chunk = std::span<const std::byte>(reply_).subspan(reply_sent_, n);
  reply_sent_ += n;
  sending_ = more;
  auto block = send_block(i_pcb(card_ns_, more), chunk, edc);
  card_ns_ ^= 1;
  return block;
}

Result<Bytes> T1Responder::on_i_block(const Block& b, Edc edc, const ApduRunner& run) {
  if (ns_of(b.pcb) != host_ns_ && !last_.empty()) return last_;  // a repeat: send ours again
  if (command_.size() + b.inf.size() > kMaxCommand) {
    command_.clear();
    return send_block(r_pcb(host_ns_, RError::OTHER), {}, edc);
  }
  host_ns_ ^= 1;
  sending_ = false;
  command_.insert(command_.end(), b.inf.begin(), b.inf.end());
  if ((b.pcb & PCB_I_M) != 0) return send_block(r_pcb(host_ns_, RError::none), {}, edc);
  auto response = run(command_);
  command_.clear();
  if (!response) {
    reset();
    return response.status();
  }
  reply_ = std::move(*response);
  reply_sent_ = 0;
  return next_chunk(edc);
}

Bytes T1Responder::on_r_block(const Block& b, Edc edc) {
  // While chaining, an R-block naming the card's next N(S) acknowledges the last I-block.
  if (sending_ && nr_of(b.pcb) == card_ns_) return next_chunk(edc);
  if (last_.empty()) return send_block(r_pcb(host_ns_, RError::OTHER), {}, edc);
  return last_;
}

Bytes T1Responder::on_s_block(const Block& b, Edc edc) {
  const bool request = (b.pcb & PCB_S_RESPONSE) == 0;
  if (!request) return last_.empty() ? send_block(r_pcb(host_ns_, RError::OTHER), {}, edc) : last_;
  const auto type = s_type(b.pcb);
  switch (type) {
    case SType::IFS:
      if (b.inf.size() == 1 && b.inf[0] != std::byte{0} && b.inf[0] != std::byte{0xFF}) {
        ifsd_ = std::to_integer<std::uint8_t>(b.inf[0]);
        return send_block(s_pcb(type, true), b.inf, edc);
      }
      return send_block(r_pcb(host_ns_, RError::OTHER), {}, edc);
    case SType::RESYNCH:
      reset();
      return send_block(s_pcb(type, true), {}, edc);
    case SType::ABORT:
      command_.clear();
      sending_ = false;
      return send_block(s_pcb(type, true), {}, edc);
    default:
      return send_block(r_pcb(host_ns_, RError::OTHER), {}, edc);
  }
}

Result<Bytes> T1Responder::answer(std::span<const std::byte> bytes, Edc edc,
                                  const ApduRunner& run) {
  Block block;
  if (const auto error = parse_block(bytes, edc, block); error != RError::none) {
    return send_block(r_pcb(host_ns_, error), {}, edc);
  }
  switch (block.type()) {
    case BlockType::I:
      return on_i_block(block, edc, run);
    case BlockType::R:
      return on_r_block(block, edc);
    case BlockType::S:
      return on_s_block(block, edc);
  }
  return send_block(r_pcb(host_ns_, RError::OTHER), {}, edc);
}

}  // namespace readerkit::ccid_device
