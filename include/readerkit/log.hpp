// SPDX-License-Identifier: MIT
// Pluggable logging with the debug levels of docs/contract/ioctl.md §6. The library never
// prints; a host installs a sink (the CLI prints to stderr, the IFD handler uses pcscd's log).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "readerkit/status.hpp"

namespace readerkit {

/// Debug level bits; a Log passes a message when its level bit is in the mask.
enum class LogLevel : std::uint32_t {
  IOCTL = 0x01,
  ATR = 0x02,
  PROTOCOL = 0x04,
  DRIVER = 0x08,
  TRACE = 0x10,
  ERROR = 0x20,
};

using LogSink = std::function<void(LogLevel, std::string_view)>;

/// A sink with a level mask. Cheap to copy; a default Log discards everything.
class Log {
 public:
  Log() = default;
  Log(LogSink sink, std::uint32_t mask) : sink_(std::move(sink)), mask_(mask) {}

  bool enabled(LogLevel level) const {
    return sink_ && (mask_ & static_cast<std::uint32_t>(level)) != 0;
  }
  void operator()(LogLevel level, std::string_view message) const {
    if (enabled(level)) sink_(level, message);
  }
  std::uint32_t mask() const { return mask_; }
  void set_mask(std::uint32_t mask) { mask_ = mask; }

 private:
  LogSink sink_;
  std::uint32_t mask_ = 0;
};

/// "IOCTL", "ATR", ... for printing.
std::string_view log_level_name(LogLevel level);

/// The level at which a request that ended with `status` is reported, from one table
/// (docs/device.md "Logging"): ERROR only for faults of the reader, the card link or the
/// library (IO_TIMEOUT, DEVICE_PROTOCOL_ERROR, ...); IOCTL, the request trace, for routine
/// outcomes such as a client asking for something absent (NOT_SUPPORTED), a refused request
/// (INVALID_PARAMETER) or no card (NO_MEDIA).
LogLevel status_log_level(Status status);

}  // namespace readerkit
