// SPDX-License-Identifier: MIT
// A scripted character link for T=0 tests: the card's byte stream is given in advance, what
// we send is recorded; reading past the stream is silence (IO_TIMEOUT).
#pragma once

#include <string>
#include <vector>

#include "readerkit/bytes.hpp"
#include "readerkit/transport.hpp"

namespace readerkit::test {

class ScriptedByteTransport : public ByteTransport {
 public:
  explicit ScriptedByteTransport(Bytes card) : card_(std::move(card)) {}

  Status send(std::span<const std::byte> bytes) override {
    sent.insert(sent.end(), bytes.begin(), bytes.end());
    return Status::SUCCESS;
  }
  Status receive(std::span<std::byte> out, std::uint32_t timeout_us) override {
    timeouts.push_back(timeout_us);
    if (card_.size() - next_ < out.size()) return Status::IO_TIMEOUT;
    std::copy_n(card_.begin() + static_cast<std::ptrdiff_t>(next_), out.size(), out.begin());
    next_ += out.size();
    return Status::SUCCESS;
  }
  bool drained() const { return next_ == card_.size(); }

  Bytes sent;
  std::vector<std::uint32_t> timeouts;

 private:
  Bytes card_;
  std::size_t next_ = 0;
};

}  // namespace readerkit::test
