// SPDX-License-Identifier: MIT
// A USB device as the USB/IP server exports it (docs/usbip.md): what OP_REP_DEVLIST and
// OP_REP_IMPORT say about it, and the URBs of USBIP_CMD_SUBMIT / USBIP_CMD_UNLINK handed to it.
// The server knows nothing of CCID; the CCID device (ccid_device/) implements this interface.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "readerkit/bytes.hpp"

namespace readerkit::usbip {

/// bInterfaceClass/SubClass/Protocol of one interface, as OP_REP_DEVLIST lists them.
struct InterfaceInfo {
  std::uint8_t bInterfaceClass = 0;
  std::uint8_t bInterfaceSubClass = 0;
  std::uint8_t bInterfaceProtocol = 0;
};

/// USB speeds as USB/IP carries them (enum usb_device_speed of the Linux kernel).
enum class Speed : std::uint32_t { unknown = 0, low = 1, full = 2, high = 3 };

/// The device fields of OP_REP_DEVLIST and OP_REP_IMPORT (struct usbip_usb_device). The
/// server fills `path`, `busid`, `busnum` and `devnum` from the export's position.
struct DeviceInfo {
  std::string path;   // at most 255 bytes on the wire
  std::string busid;  // at most 31 bytes on the wire, e.g. "1-1"
  std::uint32_t busnum = 1;
  std::uint32_t devnum = 1;
  Speed speed = Speed::full;
  std::uint16_t idVendor = 0;
  std::uint16_t idProduct = 0;
  std::uint16_t bcdDevice = 0;
  std::uint8_t bDeviceClass = 0;
  std::uint8_t bDeviceSubClass = 0;
  std::uint8_t bDeviceProtocol = 0;
  std::uint8_t bConfigurationValue = 1;
  std::uint8_t bNumConfigurations = 1;
  std::vector<InterfaceInfo> interfaces;  // bNumInterfaces = size()
};

/// Transfer direction of a URB (USBIP_DIR_OUT = 0, USBIP_DIR_IN = 1).
enum class Direction : std::uint32_t { out = 0, in = 1 };

/// One URB of USBIP_CMD_SUBMIT.
struct Urb {
  std::uint32_t seqnum = 0;
  std::uint8_t endpoint = 0;  // endpoint number 0..15, without the direction bit
  Direction direction = Direction::out;
  std::uint32_t transfer_flags = 0;
  std::uint32_t length = 0;  // transfer_buffer_length
  std::int32_t interval = 0;
  std::array<std::byte, 8> setup{};  // the SETUP packet of a control transfer (endpoint 0)
  Bytes data;                        // OUT: the bytes sent (length of them)
};

/// How a URB ended: USBIP_RET_SUBMIT's status and data.
struct UrbResult {
  std::int32_t status = 0;          // 0, or a negative Linux errno (-EPIPE: stall)
  Bytes data;                       // IN: the bytes returned (at most Urb::length)
  std::uint32_t actual_length = 0;  // OUT: the bytes taken; IN: data.size()

  /// A completed IN transfer carrying `data`.
  static UrbResult in(Bytes data) {
    UrbResult r;
    r.actual_length = static_cast<std::uint32_t>(data.size());
    r.data = std::move(data);
    return r;
  }
};

/// Called exactly once per submitted URB that is not unlinked, from any thread.
using UrbCompletion = std::function<void(UrbResult)>;

/// What an exported device does. Thread-safe: completions may run on the device's threads.
class UsbDevice {
 public:
  virtual ~UsbDevice() = default;
  /// The identity listed by OP_REP_DEVLIST (path/busid/busnum/devnum are the server's).
  virtual DeviceInfo info() const = 0;
  /// Called when an importer attaches (OP_REQ_IMPORT accepted): the device starts from its
  /// power-on state (unconfigured, no pending notification but the initial one).
  virtual void attach() = 0;
  /// Takes one URB; `complete` is called exactly once, at once or later, unless unlink()
  /// withdraws the URB first.
  virtual void submit(Urb urb, UrbCompletion complete) = 0;
  /// Withdraws a URB not yet completed. True when it was still pending: its completion is then
  /// never called. False when it already completed (or was never seen).
  virtual bool unlink(std::uint32_t seqnum) = 0;
  /// The importer is gone: every pending URB is dropped without its completion being called;
  /// the device may be imported again afterwards.
  virtual void detach() = 0;
};

}  // namespace readerkit::usbip
