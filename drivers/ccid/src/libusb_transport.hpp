// SPDX-License-Identifier: MIT
// UsbTransport over libusb-1.0's synchronous API, and the enumeration of CCID interfaces.
#pragma once

#include <libusb.h>

#include <array>
#include <atomic>
#include <memory>

#include "readerkit/ccid/ccid_reader.hpp"

namespace readerkit::ccid::detail {

/// A libusb context shared by every reader of the process (libusb_init once).
std::shared_ptr<libusb_context> usb_context(std::string& error);

/// One claimed CCID interface.
class LibusbTransport : public UsbTransport {
 public:
  /// Opens `device`, claims interface `interface_number` (detaching a kernel driver) and
  /// finds its bulk-in, bulk-out and interrupt-in endpoints; nullptr with `error` set.
  static std::unique_ptr<LibusbTransport> open(std::shared_ptr<libusb_context> context,
                                               libusb_device* device,
                                               std::uint8_t interface_number,
                                               std::string& error);
  ~LibusbTransport() override;

  Status bulk_out(std::span<const std::byte> data, Millis timeout) override;
  Result<std::size_t> bulk_in(std::span<std::byte> buffer, Millis timeout) override;
  Result<std::size_t> interrupt_in(std::span<std::byte> buffer, Millis timeout) override;
  void cancel_interrupt() override { cancelled_ = true; }
  Status control_abort(std::uint8_t slot, std::uint8_t seq) override;
  bool has_interrupt() const override { return interrupt_in_ != 0; }

 private:
  LibusbTransport() = default;
  static void on_interrupt(libusb_transfer* transfer);
  bool submit_interrupt();

  // The interrupt-in transfer stays submitted between calls, so the host controller polls the
  // endpoint at every bInterval: a transfer submitted per call would leave gaps (and a
  // NotifySlotChange would wait for the next poll after the gap).
  libusb_transfer* interrupt_ = nullptr;
  std::array<unsigned char, 64> interrupt_buffer_{};
  std::atomic<bool> interrupt_done_{false};
  bool interrupt_pending_ = false;

  std::shared_ptr<libusb_context> context_;
  libusb_device_handle* handle_ = nullptr;
  std::uint8_t interface_ = 0;
  std::uint8_t bulk_in_ = 0, bulk_out_ = 0, interrupt_in_ = 0;
  std::atomic<bool> cancelled_{false};
};

/// libusb's error as a ReaderKit status: NO_DEVICE → DELETE_PENDING, TIMEOUT → IO_TIMEOUT.
Status status_of_libusb(int error);

}  // namespace readerkit::ccid::detail
