// SPDX-License-Identifier: MIT
// Device: the public face of the dispatcher. Admission through the remove lock, the
// last-error rule, request tracing, card events and the snapshot queries.
#include "readerkit/device.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <new>
#include <string>

#include "detail/device_core.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {

struct Device::Impl {
  Impl(Device& self, CallbackTable callbacks, ReaderCapabilities reader, DeviceConfig config)
      : device_control(std::move(config.device_control)),
        core(self, std::move(callbacks), std::move(reader), std::move(config)) {}
  const DeviceControlRoutine device_control;
  detail::DeviceCore core;
};

namespace detail {

/// smclib allocates at least this much for SmartcardRequest/SmartcardReply: a short APDU with
/// 256 bytes of data plus header, procedure bytes and T=1 framing.
constexpr std::size_t kMinIoBufferSize = 288;

DeviceCore::DeviceCore(Device& owner, CallbackTable table, ReaderCapabilities caps,
                       DeviceConfig cfg)
    : self(owner),
      callbacks(std::move(table)),
      unit(cfg.unit),
      io_buffer_size(std::max(cfg.io_buffer_size, kMinIoBufferSize)),
      lenient_atr(cfg.lenient_atr),
      driver_extension(cfg.driver_extension),
      reader(caps),
      reader_view(std::move(caps)),
      trace(std::move(cfg.trace)),
      tracing(trace != nullptr) {
  protocol.max_keepalive_ms = cfg.max_keepalive_ms;
  install_log(std::move(cfg.log));
}

std::shared_ptr<const Log> DeviceCore::current_log() const {
  std::lock_guard lock(log_mutex);
  return log;
}

void DeviceCore::install_log(Log fresh) {
  std::uint32_t levels = 0;
  for (std::uint32_t bit = 1; bit != 0 && bit <= static_cast<std::uint32_t>(LogLevel::ERROR);
       bit <<= 1)
    if (fresh.enabled(static_cast<LogLevel>(bit))) levels |= bit;
  auto shared = std::make_shared<const Log>(std::move(fresh));
  std::lock_guard lock(log_mutex);
  log = std::move(shared);
  log_levels.store(levels, std::memory_order_release);
}

void DeviceCore::ensure_io_buffers() {
  if (smartcard_request.buffer.empty()) smartcard_request.buffer.resize(io_buffer_size);
  if (smartcard_reply.buffer.empty()) smartcard_reply.buffer.resize(io_buffer_size);
}

std::shared_ptr<Trace> DeviceCore::current_trace() const {
  std::lock_guard lock(log_mutex);
  return trace;
}

void DeviceCore::record_failure(Status s) {
  if (is_failure(s)) last_error = s;
}

namespace {

/// "IOCTL_SMARTCARD_POWER in=4 out=33 -> STATUS_SUCCESS info=11"
void trace(const DeviceCore& d, const Request& r, const IoResult& result) {
  // Faults once more at their own level; routine outcomes say all in the IOCTL line. The line
  // is built only when one of the two will be printed (pcscd without -d prints neither).
  const LogLevel fault_level = status_log_level(result.status);
  const auto wanted =
      static_cast<std::uint32_t>(LogLevel::IOCTL) | static_cast<std::uint32_t>(fault_level);
  if ((d.log_levels.load(std::memory_order_acquire) & wanted) == 0) return;
  const auto log = d.current_log();
  const bool fault = fault_level != LogLevel::IOCTL && log->enabled(fault_level);
  if (!log->enabled(LogLevel::IOCTL) && !fault) return;
  std::string name(ioctl_name(r.code));
  if (name.empty()) {
    char code[16];
    std::snprintf(code, sizeof code, "0x%08X", r.code);
    name = is_vendor_ioctl(r.code) ? std::string("vendor ") + code : code;
  }
  const std::string line = name + " in=" + std::to_string(r.input.size()) +
                           " out=" + std::to_string(r.output.size()) + " -> " +
                           std::string(status_name(result.status)) +
                           " info=" + std::to_string(result.information);
  (*log)(LogLevel::IOCTL, line);
  if (fault) (*log)(fault_level, line);
}

using Clock = std::chrono::steady_clock;

std::uint32_t elapsed_us(Clock::time_point start) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  return static_cast<std::uint32_t>(std::min<std::int64_t>(us.count(), UINT32_MAX));
}

void trace_ioctl_in(Trace& trace, const Request& r) {
  auto record = TraceRecord::of(TraceEvent::ioctl_in);
  record.value = r.code;
  record.data = r.input;
  record.label = ioctl_name(r.code);
  trace.record(record);
}

void trace_ioctl_out(Trace& trace, std::uint32_t code, IoResult result,
                     std::span<const std::byte> output, std::uint32_t duration_us) {
  auto record = TraceRecord::of(TraceEvent::ioctl_out);
  record.status = result.status;
  record.value = code;
  record.duration_us = duration_us;
  record.data = output.first(std::min(result.information, output.size()));
  record.label = ioctl_name(code);
  trace.record(record);
}

/// A pending request's completion reports the IOCTL's real end (card tracking).
Completion traced_completion(std::shared_ptr<Trace> trace, std::uint32_t code,
                             Clock::time_point start, Completion inner) {
  if (!inner) return inner;
  return [trace = std::move(trace), code, start, inner = std::move(inner)](IoResult result) {
    trace_ioctl_out(*trace, code, result, {}, elapsed_us(start));
    inner(result);
  };
}

}  // namespace
}  // namespace detail

using detail::DeviceCore;

Device::Device(CallbackTable callbacks, ReaderCapabilities reader, DeviceConfig config)
    : impl_(std::make_unique<Impl>(*this, std::move(callbacks), std::move(reader),
                                   std::move(config))) {}

Device::~Device() {
  shutdown();
}

IoResult Device::control(std::uint32_t code, std::span<const std::byte> input,
                         std::span<std::byte> output, Completion on_complete) {
  if (impl_->device_control)
    return impl_->device_control(code, input, output, std::move(on_complete));
  return dispatch(code, input, output, std::move(on_complete));
}

IoResult Device::dispatch(std::uint32_t code, std::span<const std::byte> input,
                          std::span<std::byte> output, Completion on_complete) {
  DeviceCore& d = impl_->core;
  // Untraced, this costs one atomic load (docs/performance.md "Tracing").
  std::shared_ptr<Trace> trace;
  detail::Clock::time_point start;
  if (d.tracing.load(std::memory_order_acquire)) {
    trace = d.current_trace();
    start = detail::Clock::now();
    if (trace) on_complete = detail::traced_completion(trace, code, start, std::move(on_complete));
  }
  detail::Request request{code, input, output, &on_complete, trace.get()};
  if (trace) detail::trace_ioctl_in(*trace, request);
  IoResult result;
  {
    // Remove lock and the busy rule apply to every request (docs/contract/ioctl.md §3, §6).
    std::lock_guard lock(d.mutex);
    if (d.shutting_down) {
      result = detail::fail(Status::DELETE_PENDING);
    } else if (d.driver_busy) {
      result = detail::fail(Status::DEVICE_BUSY);
    } else {
      ++d.active;
    }
    if (is_failure(result.status) && code != IOCTL_SMARTCARD_GET_LAST_ERROR)
      d.record_failure(result.status);
  }
  if (!is_failure(result.status)) {
    try {
      result = detail::dispatch(d, request);
    } catch (const std::bad_alloc&) {  // the library's own allocations (attribute values...)
      result = detail::fail(Status::INSUFFICIENT_RESOURCES);
    }
    // Whatever the handler made of it, a request whose callback pended completes later.
    if (request.pended_by_driver) result = IoResult{Status::PENDING, 0};
    if (is_failure(result.status)) result.information = 0;
    std::lock_guard lock(d.mutex);
    if (code != IOCTL_SMARTCARD_GET_LAST_ERROR) d.record_failure(result.status);
    if (--d.active == 0) d.idle.notify_all();
  }
  detail::trace(d, request, result);
  if (trace) detail::trace_ioctl_out(*trace, code, result, output, detail::elapsed_us(start));
  return result;
}

bool Device::cancel_tracking() {
  auto completion = detail::take_tracking(impl_->core, std::nullopt, Status::CANCELLED);
  const bool had = static_cast<bool>(completion.done);
  completion.run();
  return had;
}

void Device::card_inserted() {
  DeviceCore& d = impl_->core;
  detail::DeferredCompletion completion;
  {
    std::lock_guard lock(d.mutex);
    if (d.state >= CardState::SCARD_PRESENT) return;  // already known: nothing changes
    // A reader with mechanics holds the card at its mouth until it swallows it; a reader
    // without mechanics has the contacts engaged as soon as the card is in.
    d.state = (d.reader_view.mechanics & SCARD_READER_SWALLOWS) ? CardState::SCARD_PRESENT
                                                                : CardState::SCARD_SWALLOWED;
    d.card = CardCapabilities{};
    ++d.card_epoch;
  }
  completion = detail::take_tracking(d, IOCTL_SMARTCARD_IS_PRESENT, Status::SUCCESS);
  if (d.tracing.load(std::memory_order_acquire))
    if (auto trace = d.current_trace()) trace->record(TraceRecord::of(TraceEvent::card_inserted));
  completion.run();
  (*d.current_log())(LogLevel::DRIVER, "card inserted");
}

void Device::card_removed() {
  DeviceCore& d = impl_->core;
  {
    std::lock_guard lock(d.mutex);
    if (d.state <= CardState::SCARD_ABSENT) return;
    detail::mark_card_gone(d);
  }
  auto completion = detail::take_tracking(d, IOCTL_SMARTCARD_IS_ABSENT, Status::SUCCESS);
  if (d.tracing.load(std::memory_order_acquire))
    if (auto trace = d.current_trace()) trace->record(TraceRecord::of(TraceEvent::card_removed));
  completion.run();
  (*d.current_log())(LogLevel::DRIVER, "card removed");
}

void Device::complete_driver_request(Status status) {
  DeviceCore& d = impl_->core;
  detail::DeferredCompletion completion;
  {
    std::lock_guard lock(d.mutex);
    if (!d.driver_busy) return;
    d.driver_busy = false;
    d.record_failure(status);
    completion = {std::move(d.driver_completion), IoResult{status, 0}};
    d.driver_completion = nullptr;
  }
  completion.run();
}

void Device::shutdown() {
  DeviceCore& d = impl_->core;
  detail::DeferredCompletion driver;
  bool inside_callback = false;
  {
    std::lock_guard lock(d.mutex);
    d.shutting_down = true;
    if (d.driver_busy) {
      d.driver_busy = false;
      d.record_failure(Status::CANCELLED);
      driver = {std::move(d.driver_completion), detail::fail(Status::CANCELLED)};
      d.driver_completion = nullptr;
    }
    inside_callback = d.callback_thread.load(std::memory_order_relaxed) == std::this_thread::get_id();
  }
  driver.run();
  detail::take_tracking(d, std::nullopt, Status::CANCELLED).run();
  // Called from inside a callback, the request running that callback cannot finish first.
  std::unique_lock lock(d.mutex);
  d.idle.wait(lock, [&] { return d.active <= (inside_callback ? 1 : 0); });
}

Status Device::acquire_remove_lock() {
  DeviceCore& d = impl_->core;
  std::lock_guard lock(d.mutex);
  if (d.shutting_down) return Status::DELETE_PENDING;
  ++d.active;
  return Status::SUCCESS;
}

void Device::release_remove_lock() {
  DeviceCore& d = impl_->core;
  std::lock_guard lock(d.mutex);
  if (d.active == 0) return;  // unbalanced release: ignored rather than wrapping
  if (--d.active == 0) d.idle.notify_all();
}

CardState Device::state() const {
  std::lock_guard lock(impl_->core.mutex);
  return impl_->core.state;
}

Status Device::last_error() const {
  std::lock_guard lock(impl_->core.mutex);
  return impl_->core.last_error;
}

PerfCounters Device::perf_counters() const {
  return impl_->core.perf.snapshot();
}

CardCapabilities Device::card() const {
  std::lock_guard lock(impl_->core.mutex);
  return impl_->core.card;
}

ReaderCapabilities Device::reader() const {
  std::lock_guard lock(impl_->core.mutex);
  return impl_->core.reader_view;
}

void Device::set_trace(std::shared_ptr<Trace> trace) {
  DeviceCore& d = impl_->core;
  std::lock_guard lock(d.log_mutex);
  d.tracing.store(trace != nullptr, std::memory_order_release);
  d.trace = std::move(trace);
}

void Device::set_log(Log log) {
  impl_->core.install_log(std::move(log));
}

}  // namespace readerkit
