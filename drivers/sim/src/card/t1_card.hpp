// SPDX-License-Identifier: MIT
// The card side of T=1 (ISO/IEC 7816-3 §11): receives blocks (own IFSC), answers with
// I-blocks chained to the reader's IFSD, acknowledges chained commands with R-blocks, asks for
// waiting time with S(WTX) during long work, answers S(IFS/RESYNCH/ABORT) requests and
// retransmits on R-blocks. Its EDC comes from the library's LRC and CRC (readerkit/t1_frame.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "card/card_os.hpp"
#include "card/engine.hpp"

namespace readerkit::sim::card {

/// Card-side T=1 engine for one card session (a reset makes a new one).
class T1Card : public CardEngine {
 public:
  T1Card(CardOs& os, const Profile& profile, FaultState& faults)
      : os_(os), profile_(profile), faults_(faults) {}

  void receive(std::span<const std::byte> bytes, Replies& out) override;

 private:
  void on_block(std::span<const std::byte> block, Replies& out);
  void on_i_block(std::uint8_t pcb, std::span<const std::byte> inf, Replies& out);
  void on_r_block(std::uint8_t pcb, Replies& out);
  void on_s_block(std::uint8_t pcb, std::span<const std::byte> inf, Replies& out);
  void execute(Replies& out);
  void next_work_step(std::uint32_t delay_ms, Replies& out);
  void send_response_chunk(std::uint32_t delay_ms, Replies& out);
  void send_block(std::uint8_t pcb, std::span<const std::byte> inf, Replies& out,
                  std::uint32_t delay_ms = 0);
  void resend_last(Replies& out);
  void write_block(Bytes& block, std::uint8_t pcb, std::span<const std::byte> inf) const;
  /// Bytes a block has in all, as far as the prologue at its start tells (3 before it).
  std::size_t block_size(std::span<const std::byte> prologue) const;

  CardOs& os_;
  const Profile& profile_;
  FaultState& faults_;
  Bytes rx_;                   // bytes of the block being received
  std::uint8_t ns_ = 0;        // N(S) of the card's next I-block
  std::uint8_t nr_ = 0;        // N(S) expected in the reader's next I-block
  std::size_t ifsd_ = 32;      // the reader's IFSD (changed by S(IFS request))
  Bytes command_;              // chained command being assembled
  Bytes response_;             // response being sent, in IFSD-sized I-blocks
  std::size_t sent_ = 0;       // response bytes sent in I-blocks so far
  std::size_t in_flight_ = 0;  // response bytes in the last I-block sent
  bool chaining_ = false;      // last I-block had M set: awaiting the reader's R-block
  bool awaiting_wtx_ = false;  // sent S(WTX request), awaiting the response
  std::uint32_t work_left_ms_ = 0;
  std::uint32_t wtx_left_ = 0;  // S(WTX) requests the wtx fault still asks for
  std::uint32_t next_delay_ms_ = 0;
  /// The last block sent, for retransmission: its PCB and a view of its INF.
  struct SentBlock {
    std::uint8_t pcb = 0;
    std::span<const std::byte> inf;
  };
  std::optional<SentBlock> last_;
  Bytes s_inf_;  // the INF of the last S-block sent
  bool first_reply_ = true;
};

/// EDC bytes of a T=1 block (ISO/IEC 7816-3 §11.4.4): LRC 1 byte, CRC 2 bytes.
struct T1CardEdc {
  std::array<std::byte, 2> bytes{};
  std::size_t size = 0;
  /// The EDC bytes; only of a named value (a view of a temporary would dangle).
  std::span<const std::byte> view() const& { return std::span(bytes).first(size); }
  std::span<const std::byte> view() const&& = delete;
};

/// EDC of a T=1 block prologue + INF.
T1CardEdc t1_card_edc(std::span<const std::byte> bytes, Edc edc);

}  // namespace readerkit::sim::card
