// SPDX-License-Identifier: MIT
#include "card/engine.hpp"

#include <algorithm>

namespace readerkit::sim::card {

Reply& Replies::push(std::uint32_t delay_ms, std::span<const std::byte> bytes,
                     std::uint32_t repeat) {
  if (size_ == slots_.size()) grow();
  ++size_;
  Reply& r = back();
  r.delay_ms = delay_ms;
  r.repeat = repeat;
  r.bytes.assign(bytes.begin(), bytes.end());
  return r;
}

void Replies::pop_front() {
  head_ = (head_ + 1) % slots_.size();
  --size_;
}

// Full: the oldest goes to slot 0, then twice the slots (at least four).
void Replies::grow() {
  std::rotate(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(head_), slots_.end());
  head_ = 0;
  slots_.resize(std::max<std::size_t>(4, 2 * slots_.size()));
}

}  // namespace readerkit::sim::card
