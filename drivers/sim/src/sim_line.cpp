// SPDX-License-Identifier: MIT
#include "sim_line.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <utility>

namespace readerkit::sim {

void SimLine::insert(std::shared_ptr<card::SimCard> card) {
  std::lock_guard lock(mutex_);
  card_ = std::move(card);
  generation_.fetch_add(1, std::memory_order_release);
}

void SimLine::remove() {
  {
    std::lock_guard lock(mutex_);
    card_.reset();
    generation_.fetch_add(1, std::memory_order_release);
  }
  removed_.notify_all();
}

bool SimLine::present() const {
  std::lock_guard lock(mutex_);
  return card_ != nullptr;
}

std::shared_ptr<card::SimCard> SimLine::card() const {
  std::lock_guard lock(mutex_);
  return card_;
}

SimLine::Generation SimLine::current() const {
  std::lock_guard lock(mutex_);
  return {card_, generation_.load(std::memory_order_relaxed)};
}


// False when the card went away during the wait.
bool SimLine::sleep_unless_removed(std::uint32_t ms, std::uint64_t id) {
  std::unique_lock lock(mutex_);
  removed_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return generation_ != id; });
  return generation_ == id;
}

Status SimLine::reset() {
  const auto& [card, id] = io_view();
  if (!card) return Status::NO_MEDIA;
  trace_note("reset");
  late_ = false;
  input_ = card->reset();
  input_read_ = 0;
  return Status::SUCCESS;
}

Status SimLine::power_down() {
  discard_input();
  const auto& [card, id] = io_view();
  if (!card) return Status::NO_MEDIA;
  trace_note("power down");
  card->power_down();
  return Status::SUCCESS;
}

void SimLine::discard_input() {
  input_.clear();
  input_read_ = 0;
  late_ = false;
}

void SimLine::after_next_send(std::function<void()> hook) {
  after_send_ = std::move(hook);
}

Status SimLine::send(std::span<const std::byte> bytes) {
  const auto& [card, id] = io_view();
  if (!card) return Status::NO_MEDIA;
  trace('>', bytes);
  card->receive(bytes);
  if (after_send_) std::exchange(after_send_, nullptr)();
  return Status::SUCCESS;
}

Status SimLine::receive(std::span<std::byte> out, std::uint32_t timeout_us) {
  std::size_t got = 0;
  return read(out, timeout_us, timeout_us, got);
}

// One call for a whole run (the T=1 prologue: BWT for its first byte, CWT for the others).
Result<std::size_t> SimLine::receive_run(std::span<std::byte> out, std::uint32_t first_timeout_us,
                                         std::uint32_t next_timeout_us) {
  std::size_t got = 0;
  const Status s = read(out, first_timeout_us, next_timeout_us, got);
  if (s == Status::SUCCESS) return out.size();
  if (s == Status::IO_TIMEOUT && got > 0) return std::size_t{1};  // cut short (the contract)
  return s;
}

// The card's queued replies arrive after their delays; a card with nothing queued is silent,
// which the reader sees as IO_TIMEOUT after at most kSilenceMs of real time. `got` counts the
// bytes delivered into `out`.
Status SimLine::read(std::span<std::byte> out, std::uint32_t first_timeout_us,
                     std::uint32_t next_timeout_us, std::size_t& got) {
  const auto& [card, id] = io_view();
  while (got < out.size()) {
    if (!card || changed_since(id)) return Status::NO_MEDIA;
    if (input_read_ < input_.size()) {
      const auto unread = std::span<const std::byte>(input_).subspan(input_read_);
      const std::size_t n = std::min(unread.size(), out.size() - got);
      std::memcpy(out.data() + got, unread.data(), n);
      trace('<', unread.first(n));
      input_read_ += n;
      got += n;
      continue;
    }
    const std::uint32_t timeout_us = got == 0 ? first_timeout_us : next_timeout_us;
    const bool late = late_ && late_generation_ == id;
    late_ = false;
    if (!late && !card->next_reply(reply_)) {
      const auto wait_ms = std::min<std::uint32_t>(kSilenceMs, timeout_us / 1000 + 1);
      return sleep_unless_removed(wait_ms, id) ? Status::IO_TIMEOUT : Status::NO_MEDIA;
    }
    // The reader waits timeout_us for this byte and no longer: a reply due later is late. The
    // wait is the reader's real timeout (WT, BWT, CWT ...), so a silent slow card makes the
    // reader give up exactly as a real one would.
    const std::uint32_t patience_ms = timeout_us / 1000 + 1;
    if (reply_.delay_ms > 0 && timeout_us != 0 && reply_.delay_ms > patience_ms) {
      if (!sleep_unless_removed(patience_ms, id)) return Status::NO_MEDIA;
      reply_.delay_ms -= patience_ms;
      late_ = true;
      late_generation_ = id;
      return Status::IO_TIMEOUT;
    }
    if (reply_.delay_ms > 0 && !sleep_unless_removed(reply_.delay_ms, id)) return Status::NO_MEDIA;
    input_.swap(reply_.bytes);  // the buffers trade places: neither is freed
    input_read_ = 0;
  }
  return Status::SUCCESS;
}

void SimLine::set_trace(TraceSink sink) {
  std::lock_guard lock(trace_mutex_);
  emit_trace_line();  // the old sink gets its last line
  trace_direction_ = 0;
  trace_sink_ = std::move(sink);
  tracing_.store(static_cast<bool>(trace_sink_), std::memory_order_release);
}

void SimLine::set_secret(bool secret) {
  secret_.store(secret, std::memory_order_release);
}

void SimLine::trace_bytes(char direction, std::span<const std::byte> bytes) {
  std::lock_guard lock(trace_mutex_);
  if (!trace_sink_) return;
  if (direction != trace_direction_) emit_trace_line();
  trace_direction_ = direction;
  if (secret_.load(std::memory_order_acquire) && direction == '>') {
    hidden_ += bytes.size();
  } else {
    trace_bytes_.insert(trace_bytes_.end(), bytes.begin(), bytes.end());
  }
}

// The pending line, if any (trace_mutex_ held): its bytes in hex, secret ones as a count.
void SimLine::emit_trace_line() {
  if (trace_sink_ && (!trace_bytes_.empty() || hidden_ != 0)) {
    std::string line = trace_direction_ == '>' ? "-> " : "<- ";
    line += to_hex(trace_bytes_);
    if (hidden_ != 0) line += "[" + std::to_string(hidden_) + " bytes not shown: PIN]";
    trace_sink_(line);
  }
  trace_bytes_.clear();
  hidden_ = 0;
}

void SimLine::flush_trace() {
  if (!tracing_.load(std::memory_order_acquire)) return;
  std::lock_guard lock(trace_mutex_);
  emit_trace_line();
  trace_direction_ = 0;
}

void SimLine::trace_note(std::string_view note) {
  if (!tracing_.load(std::memory_order_acquire)) return;
  flush_trace();
  std::lock_guard lock(trace_mutex_);
  if (trace_sink_) trace_sink_(std::string("-- ") + std::string(note));
}

}  // namespace readerkit::sim
