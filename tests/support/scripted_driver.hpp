// SPDX-License-Identifier: MIT
// ScriptedDriver: a CallbackTable for tests. Every callback records what it was called with
// and replays a scripted result; without a script it behaves like a well-mannered reader
// (power answers `atr`, transmit answers `response`, set protocol succeeds, tracking pends).
// It also watches that callbacks never overlap (docs/contract/ioctl.md §1).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "readerkit/driver.hpp"

namespace readerkit::test {

/// What one callback invocation saw.
struct RecordedCall {
  Rdf slot{};
  std::uint32_t major = 0;
  std::uint32_t minor = 0;
  Bytes request;  // copy of params.request
  std::size_t reply_capacity = 0;
  PpsRequest pps;  // params.card->pps at the call
  std::uint32_t protocol_selected = 0;
  bool secret = false;  // params.secret
};

/// One scripted answer: `action` may edit the params (e.g. call card_removed()); then the
/// callback returns `status` with `reply` copied into params.reply (when it fits).
struct Step {
  Status status = Status::SUCCESS;
  Bytes reply;
  std::function<void(CallbackParams&)> action;
};

class ScriptedDriver {
 public:
  ScriptedDriver();

  /// The table to hand to a Device; slots listed in `without` stay empty.
  CallbackTable table(std::initializer_list<Rdf> without = {});

  /// Queues answers for a slot, used first-in first-out before the default behaviour.
  void script(Rdf slot, Step step);

  /// Recorded calls so far (copy), or only those of one slot.
  std::vector<RecordedCall> calls() const;
  std::vector<RecordedCall> calls(Rdf slot) const;
  std::size_t count(Rdf slot) const { return calls(slot).size(); }

  /// Highest number of callbacks seen running at the same time (must stay 1).
  int max_concurrent() const { return max_concurrent_.load(); }

  // Default behaviour, editable by tests before the device is used.
  Bytes atr;  // what a reset answers (default: T=0 and T=1 offered)
  Bytes response{std::byte{0x90}, std::byte{0x00}};  // what a transmit answers
  std::function<void()> during_callback;  // run inside every callback (e.g. a short sleep)

 private:
  Status run(Rdf slot, CallbackParams& params);
  Status default_answer(Rdf slot, CallbackParams& params);

  mutable std::mutex mutex_;
  std::vector<RecordedCall> calls_;
  std::vector<std::deque<Step>> scripts_;
  std::atomic<int> running_{0};
  std::atomic<int> max_concurrent_{0};
};

/// Well-known ATRs for tests (hex in comments; TCK computed).
Bytes atr_t0_t1();        // 3B 80 80 01 01: T=0 and T=1 offered
Bytes atr_t0_only();      // 3B 02 14 50: T=0, two historical bytes
Bytes atr_specific_t1();  // 3B 80 11 01 90: TA2 = specific mode T=1
Bytes atr_garbage();      // 00 11 22: no ATR at all

/// ULONG as a 4-byte buffer and SCARD_IO_REQUEST {protocol, 8} + data.
Bytes ulong_buffer(std::uint32_t v);
Bytes io_request(std::uint32_t protocol, std::initializer_list<std::uint8_t> data);

}  // namespace readerkit::test
