// SPDX-License-Identifier: MIT
// Bulk-OUT bytes to CCID messages: a message may come in several transfers and a transfer may
// hold several messages (CCID rev 1.1 §6: the 10-byte header's dwLength says where it ends).
// A message longer than dwMaxCCIDMessageLength is never buffered: its header is reported and
// its remaining bytes are skipped as they arrive.
#pragma once

#include <cstddef>
#include <functional>
#include <span>

#include "readerkit/bytes.hpp"

namespace readerkit::ccid_device {

class MessageAssembler {
 public:
  using Sink = std::function<void(std::span<const std::byte>)>;

  explicit MessageAssembler(std::size_t max_message) : max_(max_message) {}

  /// Takes bulk-OUT bytes: `message` gets each complete message, `oversize` the 10-byte
  /// header of each message longer than the maximum.
  void feed(std::span<const std::byte> bytes, const Sink& message, const Sink& oversize);

  /// Forgets a partial message (a detach, a bulk-OUT reset).
  void reset();

 private:
  std::size_t max_;
  Bytes partial_;
  std::size_t skip_ = 0;
};

}  // namespace readerkit::ccid_device
