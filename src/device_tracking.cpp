// SPDX-License-Identifier: MIT
// Card tracking (docs/contract/ioctl.md §4 IS_PRESENT / IS_ABSENT): one pending request per
// device, completed by card events, cancellation or shutdown, exactly once, never under a
// lock (a completion may call back into the device).
#include "detail/device_core.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::detail {
namespace {

bool condition_holds(std::uint32_t code, CardState state) {
  const bool present = state >= CardState::SCARD_PRESENT;
  return code == IOCTL_SMARTCARD_IS_PRESENT ? present : !present;
}

}  // namespace

void mark_card_gone(DeviceCore& d) {
  d.state = CardState::SCARD_ABSENT;
  d.card = CardCapabilities{};
  ++d.card_epoch;  // the callback domain resets its copy at the next callback
}

DeferredCompletion take_tracking(DeviceCore& d, std::optional<std::uint32_t> code, Status s) {
  std::lock_guard lock(d.mutex);
  if (!d.tracking || (code && d.tracking->code != *code)) return {};
  DeferredCompletion out{std::move(d.tracking->done), IoResult{s, 0}};
  d.tracking.reset();
  d.record_failure(s);  // CANCELLED counts as the last error (§4 GET_LAST_ERROR)
  if (!out.done) out.done = [](IoResult) {};  // "had one" must stay visible to the caller
  return out;
}

IoResult handle_tracking(DeviceCore& d, Request& r) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(d.mutex);
    // Answered at once even while another tracking request pends (§4).
    if (condition_holds(r.code, d.state)) return {Status::SUCCESS, 0};
    if (d.tracking) return fail(Status::DEVICE_BUSY);
    if (!d.callbacks.has(Rdf::RDF_CARD_TRACKING)) return fail(Status::NOT_SUPPORTED);
    // Registered before the callback runs so that an event arriving meanwhile completes it.
    id = d.next_tracking_id++;
    d.tracking = TrackingRequest{r.code, id, std::move(*r.on_complete)};
  }
  Status s = Status::PENDING;
  {
    CallbackScope scope(d, r);
    if (auto busy = scope.busy()) {
      s = *busy;
    } else {
      std::size_t bytes = 0;
      s = scope.call(Rdf::RDF_CARD_TRACKING, 0, r.input, r.output, bytes);
    }
  }
  if (s == Status::PENDING) return {Status::PENDING, 0};
  // The driver answered synchronously: withdraw the registration if it is still ours;
  // if an event already completed it, the client has its answer through the completion.
  std::lock_guard lock(d.mutex);
  if (d.tracking && d.tracking->id == id) {
    d.tracking.reset();
    return {s, 0};
  }
  return {Status::PENDING, 0};
}

}  // namespace readerkit::detail
