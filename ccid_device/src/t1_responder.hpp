// SPDX-License-Identifier: MIT
// The card's side of T=1 (ISO/IEC 7816-3 §11) for a TPDU-level CCID device: the host runs T=1
// and sends blocks; the device answers each block as a card would, running every complete
// APDU through the slot's Device. Chaining both ways, S(IFS), S(RESYNCH), S(ABORT), and
// retransmission of the last block on an R-block or a repeated I-block.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "readerkit/bytes.hpp"
#include "readerkit/result.hpp"
#include "readerkit/t1_frame.hpp"

namespace readerkit::ccid_device {

using t1::Block;

/// Runs one complete command APDU; returns the response APDU.
using ApduRunner = std::function<Result<Bytes>(std::span<const std::byte> apdu)>;

class T1Responder {
 public:
  /// Largest command APDU collected from chained I-blocks (an extended case 4 APDU).
  static constexpr std::size_t kMaxCommand = 65544;

  /// The block the card answers `block` with. A failure of `run` (card removed, ...) is
  /// returned as is; the exchange state is then reset.
  Result<Bytes> answer(std::span<const std::byte> block, Edc edc, const ApduRunner& run);

  /// Back to the state after an ATR: sequence numbers 0, IFSD 32, nothing chained.
  void reset();

 private:
  Bytes send_block(std::uint8_t pcb, std::span<const std::byte> inf, Edc edc);
  Bytes next_chunk(Edc edc);
  Result<Bytes> on_i_block(const Block& b, Edc edc, const ApduRunner& run);
  Bytes on_r_block(const Block& b, Edc edc);
  Bytes on_s_block(const Block& b, Edc edc);

  std::uint8_t host_ns_ = 0;  // N(S) expected in the host's next I-block
  std::uint8_t card_ns_ = 0;  // N(S) of the card's next I-block
  std::uint32_t ifsd_ = 32;   // the host's IFSD: the largest INF the card sends
  Bytes command_;             // chained command APDU being collected
  Bytes reply_;               // response APDU being sent in chained I-blocks
  std::size_t reply_sent_ = 0;
  bool sending_ = false;  // an I-block with M = 1 was sent and awaits its R-block
  Bytes last_;            // the last block sent, for retransmission
};

}  // namespace readerkit::ccid_device
