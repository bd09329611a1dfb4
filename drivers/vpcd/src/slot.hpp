// SPDX-License-Identifier: MIT
// One slot of the vpcd reader: its Device, the card connection and the background I/O thread
// that watches the listener (or reconnects in reversed mode) and the connection, so that a
// card connecting or going away becomes card_inserted() / card_removed() without any polling
// by the Device.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "card_link.hpp"
#include "readerkit/device.hpp"
#include "readerkit/drivers/registry.hpp"
#include "readerkit/vpcd/vpcd_reader.hpp"
#include "socket.hpp"
#include "t0_responses.hpp"

namespace readerkit::vpcd::detail {

/// Where a slot finds its card.
struct SlotEndpoint {
  std::string host;
  std::uint16_t port = 0;
  bool reversed = false;
  std::chrono::milliseconds timeout{5000};
  std::chrono::milliseconds reconnect{500};
};

/// One slot: owns its Device (whose callbacks come back here through with_link) and the I/O
/// thread. Lock order: the Device's callback lock, then link_mutex_; the I/O thread calls the
/// Device only with no lock of its own held.
class Slot {
 public:
  Slot(SlotEndpoint endpoint, std::size_t index, const drivers::OpenOptions& options);
  ~Slot();  // Device shut down first (no callback runs afterwards), then the thread stops
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  /// Binds the listener (normal mode) and starts the I/O thread; false with `error` set.
  bool start(std::string& error);

  Device& device() { return *device_; }
  std::uint16_t port() const { return endpoint_.port; }

  /// Runs `exchange(link, t0)` with the connection held; NO_MEDIA without a card. When the
  /// exchange broke the link (stall, garbage, hang-up) the card is reported removed at once,
  /// inside the request, so the request's outcome does not race the I/O thread: the Device
  /// sees the card gone and ends the request with NO_MEDIA. The I/O thread closes the socket.
  template <class F>
  Status with_link(F&& exchange) {
    Status s = Status::SUCCESS;
    {
      std::lock_guard lock(link_mutex_);
      if (!link_ || link_->broken()) return Status::NO_MEDIA;
      s = exchange(*link_, t0_);
      if (!link_->broken()) return s;
      reporting_ = true;  // the I/O thread takes no new card until the removal is reported
    }
    // Reported without the link lock: a tracking completion runs inside card_removed() and
    // may well send the next request.
    report_broken(s);
    return s;
  }

 private:
  void run();
  void wait_for_events();
  void try_connect();
  void accept_card();
  void attach(Fd fd);
  void drop_link();
  void report_broken(Status cause);
  void wake();
  void log(LogLevel level, const std::string& message) const;

  SlotEndpoint endpoint_;
  drivers::OpenOptions options_;
  std::unique_ptr<Device> device_;

  std::mutex link_mutex_;               // held for each exchange with the card
  std::condition_variable reported_;    // signalled when reporting_ drops
  bool reporting_ = false;              // a request is reporting its broken link's removal
  std::optional<CardLink> link_;        // replaced only by the I/O thread, under the mutex
  T0Responses t0_;                      // T=0 response buffering (t0_responses.hpp)

  int link_fd_ = -1;                    // I/O thread's copy of the link's descriptor
  Fd listener_;
  Fd wake_read_, wake_write_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace readerkit::vpcd::detail
