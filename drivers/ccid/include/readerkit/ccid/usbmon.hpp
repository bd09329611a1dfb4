// SPDX-License-Identifier: MIT
// Linux usbmon records in the binary ("mmapped") form of the kernel's
// Documentation/usb/usbmon.rst: a 64-byte little-endian header, then the captured bytes. A
// pcap file of them (LINKTYPE_USB_LINUX_MMAPPED) is what `tshark -i usbmonN` writes, so
// Wireshark reads ours as it reads a real capture (docs/ccid.md "usbmon capture").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "readerkit/bytes.hpp"
#include "readerkit/status.hpp"

namespace readerkit::ccid {

inline constexpr std::size_t USBMON_HEADER_SIZE = 64;
/// Direction bit of an endpoint address (USB 2.0 §9.6.6).
inline constexpr std::uint8_t USB_DIR_IN = 0x80;

/// The record type byte: a transfer handed to the host controller, or its completion. (The
/// kernel's third type, 'E' for a refused submission, cannot be told apart above libusb: a
/// refused transfer is recorded as submitted and completed with its error.)
enum class UsbmonEvent : std::uint8_t { submit = 'S', complete = 'C' };

/// usbmon's xfer_type numbering (not the endpoint descriptor's bmAttributes order).
enum class UsbXfer : std::uint8_t { isochronous = 0, interrupt = 1, control = 2, bulk = 3 };

/// The SETUP packet that opens a control transfer (USB 2.0 §9.3).
struct UsbSetup {
  std::uint8_t bmRequestType = 0;
  std::uint8_t bRequest = 0;
  std::uint16_t wValue = 0;
  std::uint16_t wIndex = 0;
  std::uint16_t wLength = 0;

  bool device_to_host() const { return (bmRequestType & USB_DIR_IN) != 0; }
};

/// One record. The flags the kernel derives (setup and data tags, URB_DIR_IN) are derived by
/// usbmon_packet() the same way, from `endpoint`, `event`, `setup` and `data`.
struct UsbmonRecord {
  std::uint64_t id = 0;  // the same on a submission and its completion
  UsbmonEvent event = UsbmonEvent::submit;
  UsbXfer xfer = UsbXfer::bulk;
  /// Endpoint number | USB_DIR_IN. For control transfers the bit is the data stage's
  /// direction, as the kernel writes it (endpoint 0 has both).
  std::uint8_t endpoint = 0;
  std::uint8_t device = 0;
  std::uint16_t bus = 0;
  std::uint64_t time_us = 0;
  /// Submission: -EINPROGRESS; completion: 0 or a negative Linux errno.
  std::int32_t status = 0;
  /// Submission: the buffer's size; completion: the bytes transferred.
  std::uint32_t length = 0;
  std::optional<UsbSetup> setup;  // control submissions only
  std::int32_t interval = 0;      // interrupt endpoints: the polling interval
  /// OUT data on the submission, IN data on the completion, nothing otherwise.
  std::span<const std::byte> data;
};

/// The record as the kernel's binary interface gives it: header + data.
Bytes usbmon_packet(const UsbmonRecord& record);

/// Linux's errno numbers for the status field (the format is Linux's, whatever the host;
/// lower case because <cerrno> makes the upper-case names macros).
namespace linux_errno {
inline constexpr std::int32_t enoent = 2;
inline constexpr std::int32_t eio = 5;
inline constexpr std::int32_t enomem = 12;
inline constexpr std::int32_t ebusy = 16;
inline constexpr std::int32_t enodev = 19;
inline constexpr std::int32_t eproto = 71;
inline constexpr std::int32_t eoverflow = 75;
inline constexpr std::int32_t etimedout = 110;
inline constexpr std::int32_t einprogress = 115;
}  // namespace linux_errno

/// The completion status a transfer ending in `status` gets: 0 or a negative errno.
std::int32_t usbmon_status(Status status);

}  // namespace readerkit::ccid
