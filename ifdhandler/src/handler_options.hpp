// SPDX-License-Identifier: MIT
// DEVICENAME = a ReaderKit reader SPEC (docs/contract/cli.md) plus options the handler itself
// consumes: `vendor=allow|deny` (may clients reach vendor IOCTLs?), `log=MASK` (which levels
// go to pcscd's log) and the trace file `pcap=FILE`, `pcap_max_mb=N`, `pcap_mask=on|off`
// (docs/trace.md). They are removed before the SPEC reaches drivers::open_reader, so drivers
// never see them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pcscd_log.hpp"

namespace readerkit::ifd {

/// What the handler decides per reader from its DEVICENAME.
struct HandlerOptions {
  /// Vendor IOCTLs (Windows codes 2048..4095 and pcsc-lite's escape SCARD_CTL_CODE(1)) reach
  /// the driver only when the administrator allowed them (docs/ifdhandler.md, vendor policy).
  bool vendor_allowed = false;
  std::uint32_t log_mask = kDefaultLogMask;
  /// Trace file (an absolute path; empty: none), rotated at pcap_max_bytes to FILE.1.
  std::string pcap;
  std::uint64_t pcap_max_bytes = std::uint64_t{64} << 20;
  bool pcap_mask = false;
};

/// A DEVICENAME taken apart.
struct ParsedDeviceName {
  std::string kind;         // "sim", "vpcd", ...
  std::string driver_spec;  // the SPEC without quotes and handler options
  HandlerOptions options;
  std::string error;        // non-empty: a handler option had a bad value
};

/// Strips one pair of surrounding quotes (pcscd passes them through), removes the handler
/// options and checks their values.
ParsedDeviceName parse_device_name(std::string_view device_name);

}  // namespace readerkit::ifd
