// SPDX-License-Identifier: MIT
// The device: one per reader slot. It is smclib's SmartcardDeviceControl with the state it keeps:
// dispatch table, card state machine, attributes, last error, performance counters, card
// tracking and the remove lock (docs/contract/ioctl.md §4, §5, §6).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include "readerkit/card.hpp"
#include "readerkit/driver.hpp"
#include "readerkit/protocol_state.hpp"
#include "readerkit/log.hpp"
#include "readerkit/status.hpp"
#include "readerkit/trace.hpp"

namespace readerkit {

/// How an IOCTL ended: its status and the number of output bytes (0 on any error).
struct IoResult {
  Status status = Status::SUCCESS;
  std::size_t information = 0;
};

/// Called once when a request that returned PENDING completes (from any thread).
using Completion = std::function<void(IoResult)>;

/// Device options.
/// A driver's own IOCTL entry in front of the library (smclib: the driver's device-control
/// dispatch routine that calls SmartcardDeviceControl). It receives every request control()
/// gets and hands the ones the library should handle to Device::dispatch().
using DeviceControlRoutine =
    std::function<IoResult(std::uint32_t code, std::span<const std::byte> input,
                           std::span<std::byte> output, Completion on_complete)>;

struct DeviceConfig {
  std::uint32_t unit = 0;  // SCARD_ATTR_DEVICE_UNIT
  /// Accept ATRs with a wrong/missing TCK or RFU Fi/Di (docs/contract/ioctl.md §6).
  bool lenient_atr = false;
  /// Size of the smartcard request/reply buffers (>= 288; extended APDUs need 65548+).
  std::size_t io_buffer_size = 288;
  /// How long one exchange may be kept going by the card's keep-alives (T=0 NULL bytes, T=1
  /// S(WTX)) before it ends with STATUS_IO_TIMEOUT (docs/protocol.md "Bounded waits").
  std::uint32_t max_keepalive_ms = MAX_KEEPALIVE_MS_DEFAULT;
  Log log;
  /// Where IOCTLs, the ATR, PPS, line traffic, APDUs and card events are reported
  /// (docs/trace.md); none when null. set_trace() changes it later.
  std::shared_ptr<Trace> trace;
  void* driver_extension = nullptr;
  /// When set, control() calls it instead of dispatch() (see DeviceControlRoutine).
  DeviceControlRoutine device_control;
};

/// The performance counters of IOCTL_SMARTCARD_GET_PERF_CNTR.
struct PerfCounters {
  std::uint32_t transmissions = 0;
  std::uint32_t bytes_sent = 0;
  std::uint32_t bytes_received = 0;
  std::uint32_t transmit_time_us = 0;
};

/// One reader slot served by the library. Thread-safe: callbacks are serialised per device;
/// card events and cancellation may come from any thread, including from inside a callback.
class Device {
 public:
  Device(CallbackTable callbacks, ReaderCapabilities reader, DeviceConfig config = {});
  ~Device();  // shutdown(): cancels tracking, waits for running requests
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  /// Handles one IOCTL (Windows-form code). `input` and `output` may alias. When the result
  /// is PENDING (card tracking), `on_complete` is called exactly once later.
  IoResult control(std::uint32_t code, std::span<const std::byte> input,
                   std::span<std::byte> output, Completion on_complete = {});

  /// The library's own handling of one IOCTL (smclib's SmartcardDeviceControl): what
  /// control() does when no DeviceConfig::device_control routine is in front of it.
  IoResult dispatch(std::uint32_t code, std::span<const std::byte> input,
                    std::span<std::byte> output, Completion on_complete = {});

  /// Cancels the pending tracking request (it completes with CANCELLED). Returns false when
  /// none was pending.
  bool cancel_tracking();

  /// Driver events, as an interrupt would report them; safe from any thread and from inside
  /// a callback. Removal sets ABSENT, resets the card capabilities, makes an in-flight
  /// transmit end with NO_MEDIA and completes a pending IS_ABSENT.
  void card_inserted();
  void card_removed();

  /// Completes a request a (buggy) driver callback left PENDING; until then every request is
  /// answered DEVICE_BUSY (docs/contract/ioctl.md §3).
  void complete_driver_request(Status status);

  /// Remove lock: new requests get DELETE_PENDING; waits for running ones; cancels tracking.
  void shutdown();

  /// The same remove lock held by a driver for its own work (smclib's
  /// SmartcardAcquireRemoveLock): DELETE_PENDING once shutdown() began; else SUCCESS, and
  /// shutdown() waits for the matching release_remove_lock().
  Status acquire_remove_lock();
  void release_remove_lock();

  CardState state() const;
  Status last_error() const;
  PerfCounters perf_counters() const;
  /// Snapshot of the card capabilities (copy, safe while callbacks run).
  CardCapabilities card() const;
  /// Snapshot of the reader capabilities as last published (copy, safe while callbacks run:
  /// a callback's changes to its ReaderCapabilities appear when the callback returns).
  ReaderCapabilities reader() const;
  void set_log(Log log);
  /// Attaches a trace (null: detaches). Requests that already started keep the one they began
  /// with; the Trace lives until the last of them ends.
  void set_trace(std::shared_ptr<Trace> trace);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace readerkit
