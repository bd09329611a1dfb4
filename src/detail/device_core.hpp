// SPDX-License-Identifier: MIT
// The state of one Device and the helpers its IOCTL handlers share (internal).
//
// Two locks, never nested the other way round:
//  - callback_mutex serialises the driver's callbacks and guards the "callback domain": the
//    card capabilities, protocol state and buffers a callback may touch through its params;
//  - mutex guards the shared state every thread may read without waiting for a callback:
//    card state, the published copy of the card capabilities, last error, counters, tracking,
//    the remove lock. It is held only for short sections and never while calling out.
// Code that holds callback_mutex may take mutex; never the reverse.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "readerkit/device.hpp"

namespace readerkit::detail {

/// One IOCTL as the dispatcher received it.
struct Request {
  std::uint32_t code = 0;
  std::span<const std::byte> input;
  std::span<std::byte> output;
  Completion* on_complete = nullptr;  // moved from when the request pends
  Trace* trace = nullptr;             // the trace attached when the request began
  bool pended_by_driver = false;      // a callback returned PENDING (driver bug, §3)
};

/// The pending IS_PRESENT / IS_ABSENT request (one per device).
struct TrackingRequest {
  std::uint32_t code = 0;
  std::uint64_t id = 0;
  Completion done;
};

/// A completion to run once the locks are released.
struct DeferredCompletion {
  Completion done;
  IoResult result;
  void run() {
    if (done) done(result);
  }
};

/// The performance counters (IOCTL_SMARTCARD_GET_PERF_CNTR) as atomics: every transmit adds to
/// them, readers take a snapshot; ULONG counters wrap like their Windows counterparts.
struct PerfCells {
  std::atomic<std::uint32_t> transmissions{0};
  std::atomic<std::uint32_t> bytes_sent{0};
  std::atomic<std::uint32_t> bytes_received{0};
  std::atomic<std::uint32_t> transmit_time_us{0};

  void add(std::uint32_t sent, std::uint32_t received, std::uint32_t time_us) {
    transmissions.fetch_add(1, std::memory_order_relaxed);
    bytes_sent.fetch_add(sent, std::memory_order_relaxed);
    bytes_received.fetch_add(received, std::memory_order_relaxed);
    transmit_time_us.fetch_add(time_us, std::memory_order_relaxed);
  }
  PerfCounters snapshot() const {
    return {transmissions.load(std::memory_order_relaxed),
            bytes_sent.load(std::memory_order_relaxed),
            bytes_received.load(std::memory_order_relaxed),
            transmit_time_us.load(std::memory_order_relaxed)};
  }
};

struct DeviceCore {
  DeviceCore(Device& owner, CallbackTable table, ReaderCapabilities caps, DeviceConfig cfg);

  Device& self;
  const CallbackTable callbacks;
  const std::uint32_t unit;
  /// Size of smartcard_request / smartcard_reply. They are allocated by the first callback
  /// that may talk to the card (ensure_io_buffers), so an idle device — one waiting for its
  /// card — holds none (docs/performance.md "Memory per device").
  const std::size_t io_buffer_size;
  const bool lenient_atr;
  void* const driver_extension;

  // --- callback domain (callback_mutex) ---
  std::mutex callback_mutex;
  ReaderCapabilities reader;   // driver-owned; handed to callbacks
  CardCapabilities cb_card;    // the copy callbacks read and write
  std::uint64_t cb_epoch = 0;  // card epoch cb_card belongs to
  ProtocolState protocol;
  Bytes vendor_attributes;
  IoBuffer smartcard_request;
  IoBuffer smartcard_reply;
  Bytes input_copy;  // the input when it overlaps the output

  // --- shared state (mutex) ---
  mutable std::mutex mutex;
  std::condition_variable idle;  // signalled when `active` drops
  CardState state = CardState::SCARD_ABSENT;
  CardCapabilities card;           // published copy of cb_card
  ReaderCapabilities reader_view;  // published copy of reader
  std::uint64_t card_epoch = 0;    // +1 on every insertion and removal
  Status last_error = Status::SUCCESS;
  PerfCells perf;  // atomics: a transmit counts without the lock
  std::uint32_t device_in_use = 0;
  bool suppress_t1_ifs_request = false;
  std::uint32_t wtx_multiplier = 1;
  std::optional<TrackingRequest> tracking;
  std::uint64_t next_tracking_id = 1;
  bool driver_busy = false;  // a callback returned PENDING (driver bug)
  Completion driver_completion;
  bool shutting_down = false;
  int active = 0;  // requests inside control()
  /// The thread running a callback, if any. Only that thread can find its own id here, so it is
  /// an atomic, not under `mutex`: a thread asking "am I inside a callback?" reads its own write.
  std::atomic<std::thread::id> callback_thread{};

  // --- log and trace (log_mutex) ---
  mutable std::mutex log_mutex;
  std::shared_ptr<const Log> log;
  std::shared_ptr<Trace> trace;
  std::atomic<bool> tracing{false};  // trace != null, read without the lock
  /// The levels `log` passes, read without the lock: a request whose outcome no level would
  /// print costs one atomic load, not the lock and a copy of the log.
  std::atomic<std::uint32_t> log_levels{0};

  std::shared_ptr<const Log> current_log() const;
  void install_log(Log fresh);  // takes log_mutex
  void ensure_io_buffers();     // with callback_mutex held
  /// The attached trace (takes log_mutex: test `tracing` first on hot paths).
  std::shared_ptr<Trace> current_trace() const;
  void record_failure(Status s);  // with mutex held
};

/// An error result: information is always 0 (docs/contract/ioctl.md §4).
inline IoResult fail(Status s) {
  return {s, 0};
}

/// Holds callback_mutex for one request: syncs the callback domain with the published state
/// on entry, runs callbacks, and publishes what they changed.
class CallbackScope {
 public:
  CallbackScope(DeviceCore& d, Request& r);
  ~CallbackScope();
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

  /// DEVICE_BUSY when a driver request pends or when called from inside one of this
  /// device's callbacks on the same thread; else nullopt. Check it first.
  std::optional<Status> busy() const { return busy_; }
  /// Card state seen on entry (consistent with cb_card).
  CardState state() const { return state_; }
  /// NO_MEDIA without a card.
  std::optional<Status> require_card() const;

  /// Calls a callback (NOT_SUPPORTED when its slot is empty). A PENDING answer from any slot
  /// but RDF_CARD_TRACKING marks the device busy and keeps the request's completion.
  Status call(Rdf slot, std::uint32_t minor, std::span<const std::byte> request,
              std::span<std::byte> reply, std::size_t& bytes_returned);
  /// True when the card was removed or replaced since the scope began.
  bool card_changed() const;
  /// Publishes cb_card and sets `state` unless the card changed; returns false if it did.
  bool commit(CardState new_state);
  /// Publishes cb_card without changing the state (unless the card changed).
  bool commit() { return commit(state_); }

  DeviceCore& device() { return d_; }

  /// Marks the requests of the next calls as carrying a PIN (CallbackParams::secret).
  void set_secret(bool secret) { secret_ = secret; }

 private:
  CallbackParams make_params(std::uint32_t minor, std::span<const std::byte> request,
                             std::span<std::byte> reply, std::size_t& bytes_returned);
  Status invoke(const Callback& callback, CallbackParams& params);

  DeviceCore& d_;
  Request& request_;
  std::unique_lock<std::mutex> lock_;
  bool secret_ = false;
  const DeviceCore* outer_;  // t_holder before this scope
  /// The device whose callback_mutex this thread holds (re-entrance check).
  static thread_local const DeviceCore* t_holder;
  std::uint64_t epoch_ = 0;
  CardState state_ = CardState::SCARD_ABSENT;
  std::optional<Status> busy_;
};

// IOCTL handlers (one file each); they run inside control()'s remove lock.
IoResult handle_power(DeviceCore& d, Request& r);
IoResult handle_set_protocol(DeviceCore& d, Request& r);
IoResult handle_transmit(DeviceCore& d, Request& r);
IoResult handle_tracking(DeviceCore& d, Request& r);
IoResult handle_get_attribute(DeviceCore& d, Request& r);
IoResult handle_set_attribute(DeviceCore& d, Request& r);
IoResult handle_eject(DeviceCore& d, Request& r);
IoResult handle_swallow(DeviceCore& d, Request& r);
IoResult handle_confiscate(DeviceCore& d, Request& r);
IoResult handle_vendor(DeviceCore& d, Request& r);
IoResult handle_get_state(DeviceCore& d, Request& r);
IoResult handle_get_last_error(DeviceCore& d, Request& r);
IoResult handle_get_perf_counters(DeviceCore& d, Request& r);
IoResult handle_verify_pin(DeviceCore& d, Request& r);
IoResult handle_modify_pin(DeviceCore& d, Request& r);
IoResult handle_pin_properties(DeviceCore& d, Request& r);

/// Routes one admitted request through the §4 table.
IoResult dispatch(DeviceCore& d, Request& r);

/// Calls RDF_IOCTL_VENDOR for `r` with `minor` (vendor codes, unknown attributes).
IoResult call_vendor(DeviceCore& d, Request& r, std::uint32_t minor);

/// Card events and cancellation; each returns the completion to run after unlocking.
DeferredCompletion take_tracking(DeviceCore& d, std::optional<std::uint32_t> code, Status s);
/// Sets ABSENT and resets the card (removal, confiscation); with mutex held.
void mark_card_gone(DeviceCore& d);

}  // namespace readerkit::detail
