// SPDX-License-Identifier: MIT
// Requests that returned STATUS_PENDING (card tracking): their ids and completion events.
// Completions arrive on any thread (a driver event, a control socket, device shutdown); the main
// thread takes them as EventRecords and prints them between commands (docs/contract/cli.md "Scripts
// and asynchronous requests").
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "readerkit/device.hpp"
#include "records.hpp"

namespace readerkit::cli {

/// Ids start at 1 and advance for every request that pends.
class PendingRequests {
 public:
  PendingRequests();

  /// The id the next request gets if it pends.
  int next_id() const;
  /// A Completion for the request about to be issued with id `id`. It holds the queue alive,
  /// so it may outlive this object (a device shutting down late still completes safely).
  Completion completion_for(int id);
  /// Records that the request issued with `id` returned PENDING; advances the next id.
  void pended(int id);

  /// True while `id` pends.
  bool is_pending(int id) const;
  /// Completed requests not yet taken, in completion order.
  std::vector<EventRecord> take_events();
  /// Waits until an event is queued or the deadline passes; true when one is queued.
  bool wait_for_event(std::chrono::steady_clock::time_point deadline);
  /// Waits until `id` no longer pends or the deadline passes; true when it completed.
  bool wait_completed(int id, std::chrono::steady_clock::time_point deadline);

 private:
  struct Shared {
    mutable std::mutex mutex;
    std::condition_variable changed;
    std::set<int> pending;
    std::set<int> finished;  // completed, possibly before pended() was called
    std::vector<EventRecord> events;
  };
  std::shared_ptr<Shared> shared_;
  int next_id_ = 1;
};

}  // namespace readerkit::cli
