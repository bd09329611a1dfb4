// SPDX-License-Identifier: MIT
// What the simulated card's transport engines (T=0, T=1, PPS) share: the replies they queue
// for the line. A reply is sent after its delay; delays are how long work looks from outside.
#pragma once

#include <cstdint>
#include <deque>
#include <span>

#include "faults.hpp"
#include "profile.hpp"
#include "readerkit/bytes.hpp"

namespace readerkit::sim::card {

/// Bytes the card sends after `delay_ms` of (simulated, real-time) work, `repeat` times in a
/// row: a run of keep-alive signals (any count a fault asks for) is one entry, handed out one
/// at a time, so the queue's memory does not grow with the count.
struct Reply {
  std::uint32_t delay_ms = 0;
  Bytes bytes;
  std::uint32_t repeat = 1;
};
using Replies = std::deque<Reply>;

/// A card-side protocol engine: consumes the reader's bytes (logical values), queues replies.
class CardEngine {
 public:
  virtual ~CardEngine() = default;
  virtual void receive(std::span<const std::byte> bytes, Replies& out) = 0;
};


}  // namespace readerkit::sim::card
