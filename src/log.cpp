// Names of the debug levels (docs/contract/ioctl.md §6), for sinks that print them.
#include "readerkit/log.hpp"

namespace readerkit {

std::string_view log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::IOCTL:
      return "IOCTL";
    case LogLevel::ATR:
      return "ATR";
    case LogLevel::PROTOCOL:
      return "PROTOCOL";
    case LogLevel::DRIVER:
      return "DRIVER";
    case LogLevel::TRACE:
      return "TRACE";
    case LogLevel::ERROR:
      return "ERROR";
  }
  return "UNKNOWN";
}

}  // namespace readerkit
