// SPDX-License-Identifier: MIT
// usbmon's binary record header (Documentation/usb/usbmon.rst, "struct usbmon_packet"),
// filled the way the kernel's mon_bin fills it.
#include "readerkit/ccid/usbmon.hpp"

#include <algorithm>
#include <array>

namespace readerkit::ccid {
namespace {

// Byte offsets of the 64-byte header.
constexpr std::size_t kId = 0, kType = 8, kXferType = 9, kEpnum = 10, kDevnum = 11,
                      kBusnum = 12, kFlagSetup = 14, kFlagData = 15, kTsSec = 16, kTsUsec = 24,
                      kStatus = 28, kLength = 32, kLenCap = 36, kSetup = 40, kInterval = 48,
                      kXferFlags = 56;

// The kernel's URB_DIR_IN transfer flag, which it copies into xfer_flags for IN transfers.
constexpr std::uint32_t kUrbDirIn = 0x0200;
// flag_setup when the record carries no SETUP packet.
constexpr std::uint8_t kNoSetup = '-';

// When a record carries no data, flag_data says why: '<' an IN transfer has nothing yet when
// submitted, '>' an OUT one has nothing to show when it completes; 0 otherwise (an empty
// transfer, or data present).
struct DataTag {
  bool in;
  UsbmonEvent event;
  std::uint8_t tag;
};
constexpr std::array kDataTags{
    DataTag{true, UsbmonEvent::submit, '<'},
    DataTag{false, UsbmonEvent::complete, '>'},
};

std::uint8_t data_flag(const UsbmonRecord& r) {
  if (!r.data.empty()) return 0;
  const bool in = (r.endpoint & USB_DIR_IN) != 0;
  for (const auto& row : kDataTags) {
    if (row.in == in && row.event == r.event) return row.tag;
  }
  return 0;
}

void put(std::span<std::byte> header, std::size_t at, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) header[at + i] = static_cast<std::byte>(value >> (8 * i));
}

void put_setup(std::span<std::byte> header, const UsbSetup& s) {
  put(header, kSetup, s.bmRequestType, 1);
  put(header, kSetup + 1, s.bRequest, 1);
  put(header, kSetup + 2, s.wValue, 2);
  put(header, kSetup + 4, s.wIndex, 2);
  put(header, kSetup + 6, s.wLength, 2);
}

struct StatusRow {
  Status status;
  std::int32_t errno_value;
};
// The errno the kernel reports for the condition libusb turned into each status. A timed-out
// transfer is recorded as -ETIMEDOUT: libusb ends it by cancelling (the kernel would write
// -ENOENT), but the cause is what a reader of the capture looks for.
constexpr std::array kStatuses{
    StatusRow{Status::SUCCESS, 0},
    StatusRow{Status::IO_TIMEOUT, -linux_errno::etimedout},
    StatusRow{Status::DELETE_PENDING, -linux_errno::enodev},
    StatusRow{Status::CANCELLED, -linux_errno::enoent},
    StatusRow{Status::BUFFER_OVERFLOW, -linux_errno::eoverflow},
    StatusRow{Status::DEVICE_PROTOCOL_ERROR, -linux_errno::eproto},
    StatusRow{Status::INSUFFICIENT_RESOURCES, -linux_errno::enomem},
    StatusRow{Status::DEVICE_BUSY, -linux_errno::ebusy},
};

}  // namespace

std::int32_t usbmon_status(Status status) {
  for (const auto& row : kStatuses) {
    if (row.status == status) return row.errno_value;
  }
  return -linux_errno::eio;
}

Bytes usbmon_packet(const UsbmonRecord& r) {
  Bytes out(USBMON_HEADER_SIZE + r.data.size());
  std::span<std::byte> h = std::span(out).first(USBMON_HEADER_SIZE);
  put(h, kId, r.id, 8);
  put(h, kType, static_cast<std::uint8_t>(r.event), 1);
  put(h, kXferType, static_cast<std::uint8_t>(r.xfer), 1);
  put(h, kEpnum, r.endpoint, 1);
  put(h, kDevnum, r.device, 1);
  put(h, kBusnum, r.bus, 2);
  put(h, kFlagSetup, r.setup ? 0 : kNoSetup, 1);
  put(h, kFlagData, data_flag(r), 1);
  put(h, kTsSec, r.time_us / 1'000'000, 8);
  put(h, kTsUsec, r.time_us % 1'000'000, 4);
  put(h, kStatus, static_cast<std::uint32_t>(r.status), 4);
  put(h, kLength, r.length, 4);
  put(h, kLenCap, r.data.size(), 4);
  if (r.setup) put_setup(h, *r.setup);
  put(h, kInterval, static_cast<std::uint32_t>(r.interval), 4);
  // start_frame and ndesc stay 0: no isochronous transfers here.
  put(h, kXferFlags, (r.endpoint & USB_DIR_IN) != 0 ? kUrbDirIn : 0, 4);
  std::copy(r.data.begin(), r.data.end(), out.begin() + USBMON_HEADER_SIZE);
  return out;
}

}  // namespace readerkit::ccid
