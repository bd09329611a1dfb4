// SPDX-License-Identifier: MIT
// The USB seam of the CCID driver (the leveldb `Env` pattern): the channel and the driver talk
// to a UsbTransport, libusb implements it for real readers, unit tests script it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>

#include "readerkit/result.hpp"

namespace readerkit::ccid {

using Millis = std::chrono::milliseconds;

/// The three endpoints and the class request of one CCID interface.
class UsbTransport {
 public:
  virtual ~UsbTransport() = default;

  /// Writes a whole message on the bulk-out endpoint. IO_TIMEOUT, or DELETE_PENDING when the
  /// device is gone.
  virtual Status bulk_out(std::span<const std::byte> data, Millis timeout) = 0;

  /// Reads one bulk-in transfer into `buffer`; the length may be 0 (a zero-length packet).
  virtual Result<std::size_t> bulk_in(std::span<std::byte> buffer, Millis timeout) = 0;

  /// Reads one interrupt-in message; IO_TIMEOUT when none came, CANCELLED after
  /// cancel_interrupt().
  virtual Result<std::size_t> interrupt_in(std::span<std::byte> buffer, Millis timeout) = 0;

  /// Makes a blocked interrupt_in() return CANCELLED (used when the reader closes).
  virtual void cancel_interrupt() = 0;

  /// The class-specific ABORT control request (CCID §5.3.1).
  virtual Status control_abort(std::uint8_t slot, std::uint8_t seq) = 0;

  /// True when the interface has an interrupt-in endpoint (NotifySlotChange).
  virtual bool has_interrupt() const = 0;
};

}  // namespace readerkit::ccid
