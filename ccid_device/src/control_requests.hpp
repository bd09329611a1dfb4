// SPDX-License-Identifier: MIT
// Endpoint 0 of the CCID device: the standard requests of USB 2.0 §9.4 and the CCID class
// requests of CCID rev 1.1 §5.3 (ABORT, GET_CLOCK_FREQUENCIES, GET_DATA_RATES).
#pragma once

#include <cstdint>
#include <functional>

#include "descriptors.hpp"
#include "readerkit/usbip/usb_device.hpp"

namespace readerkit::ccid_device {

/// Linux errno values USB/IP carries in RET_SUBMIT's status.
inline constexpr std::int32_t kStall = -32;      // -EPIPE
inline constexpr std::int32_t kUnlinked = -104;  // -ECONNRESET

/// The SETUP packet's fields (USB 2.0 §9.3).
struct Setup {
  std::uint8_t bmRequestType = 0;
  std::uint8_t bRequest = 0;
  std::uint16_t wValue = 0;
  std::uint16_t wIndex = 0;
  std::uint16_t wLength = 0;
};

Setup parse_setup(const std::array<std::byte, 8>& raw);

/// What endpoint 0 changes: the configuration, and the ABORT request's slot and bSeq.
struct ControlState {
  std::uint8_t configuration = 0;
  std::function<void(std::uint8_t slot, std::uint8_t seq)> on_abort;
};

/// Answers one control transfer: the data stage (IN) or the bytes taken (OUT); a request the
/// device does not know stalls (kStall).
usbip::UrbResult handle_control(const usbip::Urb& urb, const Descriptors& descriptors,
                                ControlState& state);

}  // namespace readerkit::ccid_device
