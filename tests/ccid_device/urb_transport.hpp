// SPDX-License-Identifier: MIT
// ReaderKit's CCID host driver (drivers/ccid) on a usbip::UsbDevice, in-process: each
// UsbTransport call is one URB submitted to the device, waited for, and unlinked when its time
// runs out. The CCID device is then tested by the same driver that runs real readers.
#pragma once

#include <atomic>
#include <memory>

#include "readerkit/ccid/transport.hpp"
#include "readerkit/usbip/usb_device.hpp"

namespace readerkit::ccid_device::testing {

class UrbTransport : public ccid::UsbTransport {
 public:
  UrbTransport(usbip::UsbDevice& device, bool has_interrupt)
      : device_(device), has_interrupt_(has_interrupt) {}

  Status bulk_out(std::span<const std::byte> data, ccid::Millis timeout) override;
  Result<std::size_t> bulk_in(std::span<std::byte> buffer, ccid::Millis timeout) override;
  Result<std::size_t> interrupt_in(std::span<std::byte> buffer, ccid::Millis timeout) override;
  void cancel_interrupt() override;
  Status control_abort(std::uint8_t slot, std::uint8_t seq) override;
  bool has_interrupt() const override { return has_interrupt_; }

  /// One control transfer (SETUP as 8 bytes), for tests of endpoint 0.
  usbip::UrbResult control(const std::array<std::byte, 8>& setup, ccid::Millis timeout);

 private:
  Result<usbip::UrbResult> transfer(usbip::Urb urb, ccid::Millis timeout,
                                    const std::atomic<bool>* cancelled = nullptr);

  usbip::UsbDevice& device_;
  bool has_interrupt_;
  std::atomic<std::uint32_t> seqnum_{1};
  std::atomic<bool> cancel_interrupt_{false};
};

}  // namespace readerkit::ccid_device::testing
