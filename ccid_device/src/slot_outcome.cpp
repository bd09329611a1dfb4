// SPDX-License-Identifier: MIT
// Device statuses as slot errors (slot_outcome.hpp).
#include "slot_outcome.hpp"

#include <algorithm>
#include <array>

namespace readerkit::ccid_device::detail {
namespace {

using ccid::SlotError;

struct StatusError {
  Status status;
  SlotError error;
};

// How a Device status reads at the CCID level; anything else is HW_ERROR.
constexpr std::array kStatusErrors{
    StatusError{Status::NO_MEDIA, SlotError::ICC_MUTE},
    StatusError{Status::IO_TIMEOUT, SlotError::ICC_MUTE},
    StatusError{Status::INVALID_DEVICE_STATE, SlotError::ICC_MUTE},
    StatusError{Status::UNRECOGNIZED_MEDIA, SlotError::BAD_ATR_TS},
    StatusError{Status::DEVICE_PROTOCOL_ERROR, SlotError::XFR_PARITY_ERROR},
    StatusError{Status::NOT_SUPPORTED, SlotError::ICC_PROTOCOL_NOT_SUPPORTED},
    StatusError{Status::BUFFER_TOO_SMALL, SlotError::XFR_OVERRUN},
    StatusError{Status::CANCELLED, SlotError::CMD_ABORTED},
};

}  // namespace

Outcome failed(Status s) {
  const auto* row = std::find_if(kStatusErrors.begin(), kStatusErrors.end(),
                                 [&](const StatusError& e) { return e.status == s; });
  return failed(row == kStatusErrors.end() ? SlotError::HW_ERROR : row->error);
}

}  // namespace readerkit::ccid_device::detail
