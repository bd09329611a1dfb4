// SPDX-License-Identifier: MIT
#include "sim_line.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace readerkit::sim {

void SimLine::insert(std::shared_ptr<card::SimCard> card) {
  std::lock_guard lock(mutex_);
  card_ = std::move(card);
  ++generation_;
}

void SimLine::remove() {
  {
    std::lock_guard lock(mutex_);
    card_.reset();
    ++generation_;
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
  return {card_, generation_};
}

// False when the card went away during the wait.
bool SimLine::sleep_unless_removed(std::uint32_t ms, std::uint64_t id) {
  std::unique_lock lock(mutex_);
  removed_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return generation_ != id; });
  return generation_ == id;
}

Status SimLine::reset() {
  auto [card, id] = current();
  if (!card) return Status::NO_MEDIA;
  trace_note("reset");
  late_.reset();
  input_ = card->reset();
  return Status::SUCCESS;
}

Status SimLine::power_down() {
  input_.clear();
  late_.reset();
  auto [card, id] = current();
  if (!card) return Status::NO_MEDIA;
  trace_note("power down");
  card->power_down();
  return Status::SUCCESS;
}

void SimLine::discard_input() {
  input_.clear();
  late_.reset();
}

void SimLine::after_next_send(std::function<void()> hook) {
  after_send_ = std::move(hook);
}

Status SimLine::send(std::span<const std::byte> bytes) {
  auto [card, id] = current();
  if (!card) return Status::NO_MEDIA;
  trace('>', bytes);
  card->receive(bytes);
  if (after_send_) std::exchange(after_send_, nullptr)();
  return Status::SUCCESS;
}

// The card's queued replies arrive after their delays; a card with nothing queued is silent,
// which the reader sees as IO_TIMEOUT after at most kSilenceMs of real time.
Status SimLine::receive(std::span<std::byte> out, std::uint32_t timeout_us) {
  std::size_t got = 0;
  while (got < out.size()) {
    auto [card, id] = current();
    if (!card) return Status::NO_MEDIA;
    if (!input_.empty()) {
      const std::size_t n = std::min(input_.size(), out.size() - got);
      std::copy_n(input_.begin(), n, out.begin() + static_cast<std::ptrdiff_t>(got));
      trace('<', std::span<const std::byte>(input_).first(n));
      input_.erase(input_.begin(), input_.begin() + static_cast<std::ptrdiff_t>(n));
      got += n;
      continue;
    }
    auto reply =
        late_ && late_generation_ == id ? std::exchange(late_, std::nullopt) : card->next_reply();
    if (!reply) {
      const auto wait_ms = std::min<std::uint32_t>(kSilenceMs, timeout_us / 1000 + 1);
      return sleep_unless_removed(wait_ms, id) ? Status::IO_TIMEOUT : Status::NO_MEDIA;
    }
    // The reader waits timeout_us for this byte and no longer: a reply due later is late. The
    // wait is the reader's real timeout (WT, BWT, CWT ...), so a silent slow card makes the
    // reader give up exactly as a real one would.
    const std::uint32_t patience_ms = timeout_us / 1000 + 1;
    if (timeout_us != 0 && reply->delay_ms > patience_ms) {
      if (!sleep_unless_removed(patience_ms, id)) return Status::NO_MEDIA;
      reply->delay_ms -= patience_ms;
      late_ = std::move(reply);
      late_generation_ = id;
      return Status::IO_TIMEOUT;
    }
    if (reply->delay_ms > 0 && !sleep_unless_removed(reply->delay_ms, id)) return Status::NO_MEDIA;
    input_ = std::move(reply->bytes);
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
  std::lock_guard lock(trace_mutex_);
  secret_ = secret;
}

void SimLine::trace(char direction, std::span<const std::byte> bytes) {
  if (!tracing_.load(std::memory_order_acquire)) return;  // no lock taken with tracing off
  std::lock_guard lock(trace_mutex_);
  if (!trace_sink_) return;
  if (direction != trace_direction_) emit_trace_line();
  trace_direction_ = direction;
  if (secret_ && direction == '>') {
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
