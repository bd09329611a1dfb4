// SPDX-License-Identifier: MIT
// The CCID reader on ReaderKit: one Device per slot over one CCID interface, card events from
// the interrupt endpoint, and the `usb` reader kind (SPEC and pcscd DEVICENAME forms).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "readerkit/ccid/descriptor.hpp"
#include "readerkit/ccid/quirks.hpp"
#include "readerkit/ccid/transport.hpp"
#include "readerkit/log.hpp"
#include "readerkit/reader.hpp"
#include "readerkit/trace.hpp"

namespace readerkit::ccid {

/// Host options for a CCID reader.
struct CcidOptions {
  Log log;
  bool lenient_atr = false;
  /// Serve PC_to_RDR_Escape on the vendor IOCTL IOCTL_CCID_ESCAPE. Off by default: a client of
  /// pcscd must not reach vendor commands unless the administrator allowed it.
  bool allow_escape = false;
  /// Each slot's trace (docs/trace.md); empty: none.
  std::function<std::shared_ptr<Trace>(std::size_t slot)> trace;
};

/// Vendor IOCTL carrying PC_to_RDR_Escape (libccid's number, SCARD_CTL_CODE(3500)).
inline constexpr std::uint32_t IOCTL_CCID_ESCAPE = 0x00310000u | (3500u << 2);

/// What the USB device says about itself (strings may be empty when unreadable).
struct UsbIdentity {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::uint16_t bcd_device = 0;
  std::uint8_t bus = 0;
  std::uint8_t address = 0;
  std::uint8_t interface_number = 0;
  std::string manufacturer;
  std::string product;
  std::string serial;
};

/// A reader on an open transport; nullptr with `error` set when its slots cannot be queried.
/// Unit tests pass a scripted transport, open_usb_reader() a libusb one.
std::unique_ptr<Reader> make_ccid_reader(std::unique_ptr<UsbTransport> transport,
                                         const ClassDescriptor& descriptor,
                                         const UsbIdentity& identity,
                                         const CcidOptions& options, std::string& error);

/// Which reader a SPEC or DEVICENAME names; unset fields match anything.
struct UsbMatch {
  std::optional<std::uint16_t> vendor_id, product_id;
  std::optional<std::string> serial;
  std::optional<std::uint8_t> bus, address, interface_number;
  bool allow_escape = false;
  /// `usbmon=FILE`: write the reader's USB transfers to FILE as a usbmon capture
  /// (docs/ccid.md "usbmon capture"); empty: none.
  std::string usbmon;
};

/// Parses the fields after "usb": `VID:PID[:SERIAL]` (hex ids), pcscd's
/// `VID/PID:libudev:IFACE:/dev/bus/usb/BBB/DDD` and `VID/PID:libusb-1.0:BUS:ADDR:IFACE`, plus
/// the options `escape=allow` and `usbmon=FILE`. nullopt with `error` set for anything else.
std::optional<UsbMatch> parse_usb_spec(const std::vector<std::string>& fields,
                                       std::string& error);

/// One CCID interface found on the bus.
struct UsbReaderInfo {
  UsbIdentity identity;
  ClassDescriptor descriptor;
  Quirks quirks;
};

/// Every CCID interface (class 0x0B) on the system; empty with `error` set when libusb fails.
std::vector<UsbReaderInfo> list_usb_readers(std::string& error);

/// Opens the first reader matching the SPEC fields (the registry's `usb` row).
std::unique_ptr<Reader> open_usb_reader(const std::vector<std::string>& fields,
                                        const CcidOptions& options, std::string& error);

}  // namespace readerkit::ccid
