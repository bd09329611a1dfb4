// SPDX-License-Identifier: MIT
// CallbackScope: how every request reaches the driver. It serialises callbacks, hands them
// the callback domain, and publishes their changes unless the card went away meanwhile.
#include <functional>
#include <new>

#include "detail/device_core.hpp"

namespace readerkit::detail {
namespace {

/// True when two byte ranges share memory (docs/contract/ioctl.md §4: "input and output may be
/// the same memory").
bool overlaps(std::span<const std::byte> a, std::span<std::byte> b) {
  if (a.empty() || b.empty()) return false;
  const std::less<const std::byte*> before;
  return before(a.data(), b.data() + b.size()) && before(b.data(), a.data() + a.size());
}

/// Callbacks that may move bytes to the card get the exchange buffers; tracking, which is all an
/// idle device does, and the debug level and keypad slots do not need them.
bool may_exchange(Rdf slot) {
  return slot != Rdf::RDF_CARD_TRACKING && slot != Rdf::RDF_DEBUG_LEVEL &&
         slot != Rdf::RDF_PIN_ENTRY;
}

}  // namespace

thread_local const DeviceCore* CallbackScope::t_holder = nullptr;

CallbackScope::CallbackScope(DeviceCore& d, Request& r)
    : d_(d), request_(r), lock_(d.callback_mutex, std::defer_lock), outer_(t_holder) {
  if (t_holder == &d) {
    // A request from inside one of this device's callbacks (or a completion running there)
    // would wait for itself: refuse it instead of deadlocking.
    busy_ = Status::DEVICE_BUSY;
    return;
  }
  lock_.lock();
  t_holder = &d;
  std::lock_guard lock(d.mutex);
  if (d.driver_busy) busy_ = Status::DEVICE_BUSY;
  // A card event since the last callback invalidates the callback domain's card.
  if (d.cb_epoch != d.card_epoch) {
    d.cb_card = d.card;
    d.cb_epoch = d.card_epoch;
    reset_protocol_state(d.protocol);  // a new card starts a new session
  }
  d.protocol.suppress_t1_ifs_request = d.suppress_t1_ifs_request;
  epoch_ = d.card_epoch;
  state_ = d.state;
}

CallbackScope::~CallbackScope() {
  if (lock_.owns_lock()) t_holder = outer_;
}

std::optional<Status> CallbackScope::require_card() const {
  if (state_ <= CardState::SCARD_ABSENT) return Status::NO_MEDIA;
  return std::nullopt;
}

Status CallbackScope::call(Rdf slot, std::uint32_t minor, std::span<const std::byte> request,
                           std::span<std::byte> reply, std::size_t& bytes_returned) {
  const Callback& callback = d_.callbacks[slot];
  if (!callback) return Status::NOT_SUPPORTED;
  if (request_.pended_by_driver) return Status::DEVICE_BUSY;  // its completion is taken
  if (overlaps(request, reply)) {
    d_.input_copy.assign(request.begin(), request.end());
    request = d_.input_copy;
  }
  bytes_returned = 0;
  if (may_exchange(slot)) d_.ensure_io_buffers();
  d_.smartcard_request.length = 0;
  d_.smartcard_reply.length = 0;
  CallbackParams params = make_params(minor, request, reply, bytes_returned);
  d_.callback_thread.store(std::this_thread::get_id(), std::memory_order_relaxed);
  Status status = invoke(callback, params);
  std::lock_guard lock(d_.mutex);
  d_.callback_thread.store({}, std::memory_order_relaxed);
  d_.reader_view = d_.reader;
  d_.wtx_multiplier = d_.protocol.wtx_multiplier;
  if (status == Status::MORE_PROCESSING_REQUIRED) {
    status = Status::DEVICE_PROTOCOL_ERROR;  // never leaves the library (§7)
  } else if (status == Status::PENDING && slot != Rdf::RDF_CARD_TRACKING) {
    // Driver bug (§3): everything is DEVICE_BUSY until complete_driver_request().
    d_.driver_busy = true;
    request_.pended_by_driver = true;
    if (request_.on_complete) d_.driver_completion = std::move(*request_.on_complete);
  }
  return status;
}

CallbackParams CallbackScope::make_params(std::uint32_t minor, std::span<const std::byte> request,
                                          std::span<std::byte> reply, std::size_t& bytes_returned) {
  CallbackParams params;
  params.major_code = request_.code;
  params.minor_code = minor;
  params.request = request;
  params.reply = reply;
  params.bytes_returned = &bytes_returned;
  params.card = &d_.cb_card;
  params.reader = &d_.reader;
  params.vendor_attributes = &d_.vendor_attributes;
  params.protocol = &d_.protocol;
  params.smartcard_request = &d_.smartcard_request;
  params.smartcard_reply = &d_.smartcard_reply;
  params.driver_extension = d_.driver_extension;
  params.device = &d_.self;
  params.secret = secret_;
  params.trace = request_.trace;
  return params;
}

Status CallbackScope::invoke(const Callback& callback, CallbackParams& params) {
  // Errors are values: an exception escaping a driver callback must not unbalance the
  // remove lock or reach a C caller (decided mapping below).
  try {
    return callback(params);
  } catch (const std::bad_alloc&) {
    (*d_.current_log())(LogLevel::ERROR, "driver callback: out of memory");
    return Status::INSUFFICIENT_RESOURCES;
  } catch (...) {
    (*d_.current_log())(LogLevel::ERROR, "driver callback threw an exception");
    return Status::DEVICE_PROTOCOL_ERROR;
  }
}

bool CallbackScope::card_changed() const {
  std::lock_guard lock(d_.mutex);
  return d_.card_epoch != epoch_;
}

bool CallbackScope::commit(CardState new_state) {
  std::lock_guard lock(d_.mutex);
  if (d_.card_epoch != epoch_) return false;
  d_.card = d_.cb_card;
  d_.state = new_state;
  state_ = new_state;
  return true;
}

}  // namespace readerkit::detail
