// SPDX-License-Identifier: MIT
// What the simulated card's transport engines (T=0, T=1, PPS) share: the replies they queue
// for the line. A reply is sent after its delay; delays are how long work looks from outside.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

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
/// The replies a card has queued, oldest first: a ring of slots whose byte buffers are kept,
/// so once the queue has held its longest replies, queueing and taking them allocates nothing.
class Replies {
 public:
  /// Queues a copy of `bytes` after `delay_ms`, `repeat` times; returns the new entry.
  Reply& push(std::uint32_t delay_ms, std::span<const std::byte> bytes, std::uint32_t repeat = 1);
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  /// The i-th queued reply, 0 the oldest.
  Reply& operator[](std::size_t i) { return slots_[(head_ + i) % slots_.size()]; }
  Reply& front() { return (*this)[0]; }
  Reply& back() { return (*this)[size_ - 1]; }
  /// Drops the oldest reply (its slot keeps its buffer for a later push).
  void pop_front();
  void clear() { head_ = size_ = 0; }

 private:
  void grow();

  std::vector<Reply> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

/// A card-side protocol engine: consumes the reader's bytes (logical values), queues replies.
class CardEngine {
 public:
  virtual ~CardEngine() = default;
  virtual void receive(std::span<const std::byte> bytes, Replies& out) = 0;
};

}  // namespace readerkit::sim::card
