// SPDX-License-Identifier: MIT
#include "card_events.hpp"

#include <chrono>
#include <memory>

#include "reader_table.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::ifd {
namespace {

// How long a cancelled tracking request may take to report CANCELLED before the wait gives up
// on it (the device completes cancellations synchronously; this only bounds a buggy driver).
constexpr auto kCancelGrace = std::chrono::seconds(2);

bool card_in(CardState state) { return state >= CardState::SCARD_PRESENT; }

// Asks the device for the opposite of what pcscd last saw; SUCCESS when it already holds.
// The completion owns a reference: it may run on a driver thread after the wait gave up.
IoResult start_tracking(const std::shared_ptr<SlotEvents>& events, Device& device,
                        std::uint64_t id) {
  bool present;
  {
    std::lock_guard lock(events->mutex);
    present = events->reported_present.value_or(card_in(device.state()));
  }
  const std::uint32_t code = present ? IOCTL_SMARTCARD_IS_ABSENT : IOCTL_SMARTCARD_IS_PRESENT;
  return device.control(code, {}, {}, [events, id](IoResult) {
    std::lock_guard lock(events->mutex);
    events->completed_id = id;
    events->changed.notify_all();
  });
}

}  // namespace

RESPONSECODE wait_for_card_event(const std::shared_ptr<SlotEvents>& shared, Device& device,
                                 int timeout_ms) {
  SlotEvents& events = *shared;
  std::uint64_t id;
  {
    std::lock_guard lock(events.mutex);
    if (events.stop_pending) {
      events.stop_pending = false;
      return IFD_SUCCESS;
    }
    id = ++events.wait_id;
  }
  const IoResult started = start_tracking(shared, device, id);
  if (started.status == Status::SUCCESS) return IFD_SUCCESS;
  if (started.status == Status::DELETE_PENDING) return IFD_NO_SUCH_DEVICE;
  if (started.status != Status::PENDING) return IFD_COMMUNICATION_ERROR;

  std::unique_lock lock(events.mutex);
  const auto timeout = std::chrono::milliseconds(timeout_ms > 0 ? timeout_ms : 0);
  events.changed.wait_for(lock, timeout,
                          [&] { return events.completed_id == id || events.stop_pending; });
  events.stop_pending = false;  // this wait is ending: a stop that arrived meanwhile is served
  if (events.completed_id != id) {
    lock.unlock();
    device.cancel_tracking();
    lock.lock();
    // Let the cancelled request report before pcscd's next wait starts a new one.
    events.changed.wait_for(lock, kCancelGrace, [&] { return events.completed_id == id; });
  }
  return IFD_SUCCESS;
}

void stop_card_event_wait(SlotEvents& events, Device& device) {
  {
    std::lock_guard lock(events.mutex);
    events.stop_pending = true;
    events.changed.notify_all();
  }
  device.cancel_tracking();
}

void note_reported_presence(SlotEvents& events, bool present) {
  std::lock_guard lock(events.mutex);
  events.reported_present = present;
}

namespace {

RESPONSECODE poll_entry(DWORD lun, int timeout_ms) {
  try {
    const auto slot = ReaderTable::instance().find(lun);
    if (!slot) return IFD_NO_SUCH_DEVICE;
    return wait_for_card_event(slot->events, *slot->device, timeout_ms);
  } catch (...) {
    return IFD_COMMUNICATION_ERROR;
  }
}

RESPONSECODE stop_poll_entry(DWORD lun) {
  try {
    const auto slot = ReaderTable::instance().find(lun);
    if (!slot) return IFD_NO_SUCH_DEVICE;
    stop_card_event_wait(*slot->events, *slot->device);
    return IFD_SUCCESS;
  } catch (...) {
    return IFD_COMMUNICATION_ERROR;
  }
}

}  // namespace

PollFn card_event_poll_function() { return &poll_entry; }
StopFn card_event_stop_function() { return &stop_poll_entry; }

}  // namespace readerkit::ifd
