// SPDX-License-Identifier: MIT
#include "keypad.hpp"

#include <algorithm>
#include <chrono>

namespace readerkit::sim {

PinPadProperties PinPadConfig::properties() const {
  PinPadProperties p;
  p.lcd_layout = display ? 0x0210 : 0x0000;
  p.entry_validation = 0x02;  // the validation key ends an entry
  p.min_digits = min_digits;
  p.max_digits = max_digits;
  return p;
}

bool Keypad::type(std::string_view digits) {
  const bool all_digits =
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits.empty() || digits.size() > PIN_DIGITS_MAX || !all_digits) return false;
  SecretDigits secret(digits);
  std::lock_guard lock(mutex_);
  if (queue_.size() >= kMaxQueued) return false;
  queue_.push_back(Entry{false, std::move(secret)});
  changed_.notify_all();
  return true;
}

bool Keypad::cancel() {
  std::lock_guard lock(mutex_);
  if (queue_.size() >= kMaxQueued) return false;
  queue_.push_back(Entry{true, SecretDigits{}});
  changed_.notify_all();
  return true;
}

std::size_t Keypad::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

Status Keypad::take(std::uint8_t timeout_s, SecretDigits& digits) {
  const auto wait = std::chrono::seconds(timeout_s != 0 ? timeout_s : config_.timeout_s);
  std::unique_lock lock(mutex_);
  const std::uint64_t interrupts = interrupts_;
  const bool ready = changed_.wait_for(
      lock, wait, [&] { return !queue_.empty() || interrupts_ != interrupts; });
  if (interrupts_ != interrupts) return Status::NO_MEDIA;
  if (!ready) return Status::IO_TIMEOUT;
  Entry entry = std::move(queue_.front());
  queue_.pop_front();
  if (entry.cancel) return Status::CANCELLED;
  digits = std::move(entry.digits);
  return Status::SUCCESS;
}

void Keypad::interrupt() {
  std::lock_guard lock(mutex_);
  ++interrupts_;
  queue_.clear();
  changed_.notify_all();
}

}  // namespace readerkit::sim
