// SPDX-License-Identifier: MIT
// Names of the debug levels (docs/contract/ioctl.md §6), for sinks that print them.
#include "readerkit/log.hpp"

#include <array>

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

namespace {

struct StatusLevel {
  Status status;
  LogLevel level;
};

// Routine: what a client asked for, or the state of the slot, decides the outcome.
// Fault: the reader, the card's link or the library failed to do what it should.
constexpr std::array kStatusLevels{
    StatusLevel{Status::SUCCESS, LogLevel::IOCTL},
    StatusLevel{Status::PENDING, LogLevel::IOCTL},
    StatusLevel{Status::BUFFER_OVERFLOW, LogLevel::IOCTL},         // the client's buffer
    StatusLevel{Status::DEVICE_BUSY, LogLevel::IOCTL},             // another request pends
    StatusLevel{Status::INVALID_PARAMETER, LogLevel::IOCTL},       // a refused request or APDU
    StatusLevel{Status::INVALID_DEVICE_REQUEST, LogLevel::IOCTL},  // an unknown or refused code
    StatusLevel{Status::UNRECOGNIZED_MEDIA, LogLevel::ERROR},      // the card's ATR is unusable
    StatusLevel{Status::MORE_PROCESSING_REQUIRED, LogLevel::IOCTL},
    StatusLevel{Status::BUFFER_TOO_SMALL, LogLevel::IOCTL},  // the client's buffer
    StatusLevel{Status::DELETE_PENDING, LogLevel::IOCTL},    // the reader is going away
    StatusLevel{Status::INSUFFICIENT_RESOURCES, LogLevel::ERROR},
    StatusLevel{Status::IO_TIMEOUT, LogLevel::ERROR},
    StatusLevel{Status::NOT_SUPPORTED, LogLevel::IOCTL},  // asked for something absent
    StatusLevel{Status::CANCELLED, LogLevel::IOCTL},
    StatusLevel{Status::NO_MEDIA, LogLevel::IOCTL},              // no card in the slot
    StatusLevel{Status::INVALID_DEVICE_STATE, LogLevel::IOCTL},  // e.g. card not powered
    StatusLevel{Status::DEVICE_PROTOCOL_ERROR, LogLevel::ERROR},
};

}  // namespace

LogLevel status_log_level(Status status) {
  for (const auto& row : kStatusLevels) {
    if (row.status == status) return row.level;
  }
  return LogLevel::ERROR;  // a status without a row is nothing routine
}

}  // namespace readerkit
