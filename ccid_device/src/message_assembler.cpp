// SPDX-License-Identifier: MIT
// Bulk-OUT framing (message_assembler.hpp).
#include "message_assembler.hpp"

#include <algorithm>

#include "readerkit/ccid/message.hpp"

namespace readerkit::ccid_device {

void MessageAssembler::reset() {
  partial_.clear();
  skip_ = 0;
}

void MessageAssembler::feed(std::span<const std::byte> bytes, const Sink& message,
                            const Sink& oversize) {
  while (!bytes.empty()) {
    if (skip_ > 0) {
      const auto n = std::min(skip_, bytes.size());
      skip_ -= n;
      bytes = bytes.subspan(n);
      continue;
    }
    // Complete the header first, then the message, without taking more than it holds.
    const std::size_t have = partial_.size();
    std::size_t want = ccid::kHeaderSize;
    if (have >= ccid::kHeaderSize) want = *ccid::message_length(partial_);
    const auto n = std::min(want - have, bytes.size());
    partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    bytes = bytes.subspan(n);
    if (partial_.size() < want) continue;
    if (want == ccid::kHeaderSize) {
      const auto length = *ccid::message_length(partial_);
      if (length > max_) {
        oversize(partial_);
        skip_ = length - ccid::kHeaderSize;
        partial_.clear();
        continue;
      }
      if (length > ccid::kHeaderSize) continue;  // the data follows
    }
    message(partial_);
    partial_.clear();
  }
}

}  // namespace readerkit::ccid_device
