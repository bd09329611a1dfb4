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

/// Bytes the card sends after `delay_ms` of (simulated, real-time) work.
struct Reply {
  std::uint32_t delay_ms = 0;
  Bytes bytes;
};
using Replies = std::deque<Reply>;

/// A card-side protocol engine: consumes the reader's bytes (logical values), queues replies.
class CardEngine {
 public:
  virtual ~CardEngine() = default;
  virtual void receive(std::span<const std::byte> bytes, Replies& out) = 0;
};

/// Number of keep-alive signals (NULL bytes, S(WTX) requests) for `work_ms` of work: one per
/// started keep-alive interval, so any wait shows at least one.
constexpr std::uint32_t keepalive_count(std::uint32_t work_ms, std::uint32_t keepalive_ms) {
  return (work_ms + keepalive_ms - 1) / keepalive_ms;
}

}  // namespace readerkit::sim::card
