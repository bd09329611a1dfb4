// SPDX-License-Identifier: MIT
// Logging through pcscd's own log function when the host has one, so `pcscd -f -d` shows
// ReaderKit's IOCTL trace among the daemon's lines; silent in any other host.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "readerkit/log.hpp"

namespace readerkit::ifd {

/// pcscd's priorities (debuglog.h).
enum class PcscLogPriority : int { debug = 0, info = 1, error = 2, critical = 3 };

/// Writes one line through pcscd's log_msg, found at run time with dlsym(RTLD_DEFAULT):
/// the handler must load in hosts that do not export it (test programs, other daemons).
void pcscd_log(PcscLogPriority priority, std::string_view message);

/// The levels passed to pcscd unless DEVICENAME says otherwise (`log=MASK`): the IOCTL trace,
/// ATRs, driver events and errors; protocol and byte traces are opt-in.
inline constexpr std::uint32_t kDefaultLogMask = 0x01 | 0x02 | 0x08 | 0x20;

/// The pcscd priority of a library log level, from one table (docs/ifdhandler.md "Logging"):
/// ERROR (faults only, see readerkit::status_log_level) at error, DRIVER at info, the traces
/// (IOCTL, ATR, PROTOCOL, TRACE) at debug.
PcscLogPriority pcscd_priority(LogLevel level);

/// A readerkit::Log for one reader that prefixes lines with `prefix` and sends them to pcscd
/// at pcscd_priority() of their level.
Log make_pcscd_log(std::string prefix, std::uint32_t mask);

}  // namespace readerkit::ifd
