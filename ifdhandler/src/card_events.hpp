// SPDX-License-Identifier: MIT
// Card events without polling (docs/contract/ifdhandler.md): pcscd's event thread calls the
// TAG_IFD_POLLING_THREAD_WITH_TIMEOUT function in a loop, right after IFDHICCPresence. The
// function waits on the library's card tracking (IOCTL_SMARTCARD_IS_ABSENT when pcscd last saw
// a card, IS_PRESENT otherwise) until the event, the timeout or TAG_IFD_STOP_POLLING_THREAD.
#pragma once

#include "pcsc_api.hpp"

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "readerkit/device.hpp"

namespace readerkit::ifd {

/// Per-slot state shared by the wait, the stop function and tracking completions.
struct SlotEvents {
  std::mutex mutex;
  std::condition_variable changed;
  /// A stop that arrived while no wait ran still ends the next wait at once: pcscd asks for
  /// a stop and then joins its thread, which may be between two waits at that moment.
  bool stop_pending = false;
  std::uint64_t wait_id = 0;       // the wait in progress
  std::uint64_t completed_id = 0;  // the last wait whose tracking request completed
  /// What IFDHICCPresence last told pcscd; the wait looks for the opposite.
  std::optional<bool> reported_present;
};

/// The TAG_IFD_POLLING_THREAD_WITH_TIMEOUT body. Returns IFD_SUCCESS on an event, a timeout
/// or a stop (pcscd sleeps 400 ms after any other code), IFD_NO_SUCH_DEVICE when the device
/// is shutting down, IFD_COMMUNICATION_ERROR when tracking is unavailable.
RESPONSECODE wait_for_card_event(const std::shared_ptr<SlotEvents>& events, Device& device,
                                 int timeout_ms);

/// The TAG_IFD_STOP_POLLING_THREAD body: ends the current (or next) wait promptly.
void stop_card_event_wait(SlotEvents& events, Device& device);

/// Records the presence IFDHICCPresence reported.
void note_reported_presence(SlotEvents& events, bool present);

/// The C function pointers handed to pcscd (they look the slot up by Lun).
using PollFn = RESPONSECODE (*)(DWORD lun, int timeout_ms);
using StopFn = RESPONSECODE (*)(DWORD lun);
PollFn card_event_poll_function();
StopFn card_event_stop_function();

}  // namespace readerkit::ifd
