// SPDX-License-Identifier: MIT
#include "pending.hpp"

#include <utility>

namespace readerkit::cli {

PendingRequests::PendingRequests() : shared_(std::make_shared<Shared>()) {}

int PendingRequests::next_id() const {
  return next_id_;
}

Completion PendingRequests::completion_for(int id) {
  return [shared = shared_, id](IoResult result) {
    {
      std::lock_guard lock(shared->mutex);
      shared->pending.erase(id);
      shared->finished.insert(id);
      shared->events.push_back({id, result.status, result.information});
    }
    shared->changed.notify_all();
  };
}

void PendingRequests::pended(int id) {
  std::lock_guard lock(shared_->mutex);
  if (shared_->finished.count(id) == 0) shared_->pending.insert(id);
  next_id_ = id + 1;
}

bool PendingRequests::is_pending(int id) const {
  std::lock_guard lock(shared_->mutex);
  return shared_->pending.count(id) != 0;
}

std::vector<EventRecord> PendingRequests::take_events() {
  std::lock_guard lock(shared_->mutex);
  return std::exchange(shared_->events, {});
}

bool PendingRequests::wait_for_event(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(shared_->mutex);
  return shared_->changed.wait_until(lock, deadline, [&] { return !shared_->events.empty(); });
}

bool PendingRequests::wait_completed(int id, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(shared_->mutex);
  return shared_->changed.wait_until(lock, deadline,
                                     [&] { return shared_->pending.count(id) == 0; });
}

}  // namespace readerkit::cli
