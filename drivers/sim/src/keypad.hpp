// SPDX-License-Identifier: MIT
// The simulated reader's virtual PIN pad (docs/sim.md "PIN pad"): what the user "types" arrives
// through the control socket (`pin 1234`, `pin cancel`) and waits in a queue; the reader's
// RDF_PIN_ENTRY takes one entry per PIN asked for, or times out. Digits are never logged.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "readerkit/pinpad.hpp"
#include "readerkit/status.hpp"

namespace readerkit::sim {

/// A profile's "pinpad" object.
struct PinPadConfig {
  std::uint8_t min_digits = 4;
  std::uint8_t max_digits = 8;
  bool display = false;         // a 2 x 16 display (wLcdLayout 0x0210) instead of none
  std::uint8_t timeout_s = 30;  // wait for an entry when bTimerOut is 0
  PinPadProperties properties() const;
};

class Keypad {
 public:
  explicit Keypad(PinPadConfig config) : config_(config) {}

  /// Queues the digits of one entry (`pin 1234`); false when they are not 1..255 digits or 16
  /// entries already wait.
  bool type(std::string_view digits);
  /// Queues a press of Cancel (`pin cancel`).
  bool cancel();
  /// Number of queued entries.
  std::size_t pending() const;

  /// RDF_PIN_ENTRY: the oldest queued entry, or after `timeout_s` seconds (0: the profile's
  /// timeout) IO_TIMEOUT; CANCELLED for Cancel; NO_MEDIA when interrupt() is called meanwhile.
  Status take(std::uint8_t timeout_s, SecretDigits& digits);
  /// Ends a waiting take() with NO_MEDIA (card removed, reader closing) and empties the queue.
  void interrupt();

  const PinPadConfig& config() const { return config_; }

 private:
  struct Entry {
    bool cancel = false;
    SecretDigits digits;
  };
  static constexpr std::size_t kMaxQueued = 16;

  PinPadConfig config_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Entry> queue_;
  std::uint64_t interrupts_ = 0;
};

}  // namespace readerkit::sim
