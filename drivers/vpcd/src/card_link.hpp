// SPDX-License-Identifier: MIT
// One live connection to a vpcd-protocol card: the exchanges the reader makes over it (control
// commands, get ATR, APDU), each bounded by the response timeout and validated frame by frame.
#pragma once

#include <chrono>
#include <span>

#include "frame.hpp"
#include "readerkit/bytes.hpp"
#include "readerkit/status.hpp"
#include "socket.hpp"

namespace readerkit::vpcd::detail {

/// A connected card. Not thread-safe: the slot serialises users. A failed exchange other than
/// a refused request leaves the link `broken()`: the stream can no longer be trusted and the
/// slot drops the connection (the card is reported removed).
class CardLink {
 public:
  CardLink(Fd fd, std::chrono::milliseconds timeout) : fd_(std::move(fd)), timeout_(timeout) {}

  /// Sends control commands in one write, then, if the last is VPCD_CTRL_ATR, receives the ATR
  /// (1..33 bytes; an empty ATR means no card: NO_MEDIA; a longer one DEVICE_PROTOCOL_ERROR;
  /// both break the link).
  Status power(std::span<const VpcdControl> commands, Bytes& atr);

  /// Sends a command APDU (4..65535 bytes, else INVALID_PARAMETER without I/O) and receives
  /// the response APDU (at least SW1 SW2, else DEVICE_PROTOCOL_ERROR).
  Status exchange(std::span<const std::byte> apdu, Bytes& response);

  int fd() const { return fd_.get(); }

  /// True when the peer has sent bytes that no request asked for (the card never speaks
  /// first): with no exchange running, any readable byte is a protocol violation.
  bool unsolicited() const;
  bool broken() const { return broken_; }

  /// Ends the conversation: both directions shut down, so a poll() on the socket wakes up
  /// while the descriptor stays valid for the slot's I/O thread to close.
  void shut_down();

 private:
  Status send(std::span<const std::byte> frames, Clock::time_point deadline);
  Status receive(Bytes& payload, std::size_t min, std::size_t max, Clock::time_point deadline);
  Status fail(Status s);

  Fd fd_;
  std::chrono::milliseconds timeout_;
  Bytes out_;  // reused frame buffer: one allocation for the link's lifetime
  bool broken_ = false;
};

}  // namespace readerkit::vpcd::detail
