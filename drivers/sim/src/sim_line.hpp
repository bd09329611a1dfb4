// SPDX-License-Identifier: MIT
// The simulated byte line between the reader and the card's contacts: what a UART (or a CCID
// reader in TPDU mode) carries. The reader side is a ByteTransport in line (electrical) byte
// values; the card works during the reader's receive(), with its delays slept in real time, but
// never longer than the reader waits: a card slower than the reader's timeout is late.
// Removal can happen from any thread and interrupts a wait at once. An exchange takes no lock
// while the slot is unchanged (the callback thread keeps its own view of the card, refreshed
// when the slot's generation moves) and allocates nothing once its buffers have grown.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "card/sim_card.hpp"
#include "readerkit/transport.hpp"

namespace readerkit::sim {

/// Trace sink: one line per burst of bytes in one direction ("-> 00A4..", "<- 9000").
using TraceSink = std::function<void(std::string_view)>;

/// The line and the card slot behind it.
class SimLine : public ByteTransport {
 public:
  /// Longest real wait for a card with nothing to say: the simulation knows at once that the
  /// card is silent, so timeouts need not be waited in full (tests stay fast).
  static constexpr std::uint32_t kSilenceMs = 20;

  // --- slot (any thread) ---
  void insert(std::shared_ptr<card::SimCard> card);
  void remove();
  bool present() const;
  std::shared_ptr<card::SimCard> card() const;

  // --- contacts and bytes (the driver's callback thread) ---
  /// Cold or warm reset: the card's answer starts arriving; NO_MEDIA without a card.
  Status reset();
  Status power_down();
  Status send(std::span<const std::byte> bytes) override;
  Status receive(std::span<std::byte> out, std::uint32_t timeout_us) override;
  Result<std::size_t> receive_run(std::span<std::byte> out, std::uint32_t first_timeout_us,
                                  std::uint32_t next_timeout_us) override;
  /// Drops bytes not read yet (before a new exchange).
  void discard_input();
  /// Called once after the next send(), from inside it (the remove-during-transmit fault).
  void after_next_send(std::function<void()> hook);

  void set_trace(TraceSink sink);
  /// While on, bytes to the card are traced as their count only (they carry a PIN).
  void set_secret(bool secret);
  /// Ends the current trace line (the driver calls it at the end of each callback).
  void flush_trace();

 private:
  struct Generation {
    std::shared_ptr<card::SimCard> card;
    std::uint64_t id = 0;
  };
  Generation current() const;
  Status read(std::span<std::byte> out, std::uint32_t first_timeout_us,
              std::uint32_t next_timeout_us, std::size_t& got);
  /// The callback thread's view of the slot: refreshed under the lock only when it changed.
  const Generation& io_view() {
    if (changed_since(io_.id)) io_ = current();
    return io_;
  }
  bool changed_since(std::uint64_t id) const {
    return generation_.load(std::memory_order_acquire) != id;
  }
  bool sleep_unless_removed(std::uint32_t ms, std::uint64_t id);
  /// Traces bytes; with tracing off this is one atomic load, no call and no lock.
  void trace(char direction, std::span<const std::byte> bytes) {
    if (tracing_.load(std::memory_order_acquire)) trace_bytes(direction, bytes);
  }
  void trace_bytes(char direction, std::span<const std::byte> bytes);
  void emit_trace_line();
  void trace_note(std::string_view note);

  mutable std::mutex mutex_;
  std::condition_variable removed_;
  std::shared_ptr<card::SimCard> card_;
  std::atomic<std::uint64_t> generation_{0};  // written under mutex_, read without it
  Generation io_;                             // the callback thread's view (io_view())

  // The callback thread's side of the line.
  Bytes input_;                 // card -> reader bytes of the reply being read...
  std::size_t input_read_ = 0;  // ...read up to here
  /// The reply taken from the card last. When `late_`, its delay outlasted the reader's wait,
  /// with the delay still left in it: the card answers late, into a later receive (or never,
  /// after a reset or removal).
  card::Reply reply_;
  bool late_ = false;
  std::uint64_t late_generation_ = 0;
  std::function<void()> after_send_;

  std::mutex trace_mutex_;
  std::atomic<bool> tracing_{false};  // a sink is set: read before taking trace_mutex_
  TraceSink trace_sink_;
  char trace_direction_ = 0;
  Bytes trace_bytes_;
  std::atomic<bool> secret_{false};
  std::size_t hidden_ = 0;  // secret bytes of the current line
};

/// Secret bytes for the life of a callback that sends a PIN (CallbackParams::secret).
struct SecretTrace {
  SimLine& line;
  SecretTrace(SimLine& l, bool secret) : line(l) { line.set_secret(secret); }
  ~SecretTrace() { line.set_secret(false); }
  SecretTrace(const SecretTrace&) = delete;
  SecretTrace& operator=(const SecretTrace&) = delete;
};

/// Ends the current trace line when a callback returns, whatever it returns.
struct TraceFlush {
  SimLine& line;
  ~TraceFlush() { line.flush_trace(); }
};

}  // namespace readerkit::sim
