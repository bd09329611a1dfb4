// SPDX-License-Identifier: MIT
// How a slot command ends (SlotCommands::Outcome) built from its parts: processed with data,
// failed with a slot error, a bad parameter named by its offset (CCID rev 1.1 §6.2.6), or a
// Device status read as a slot error.
#pragma once

#include <cstdint>

#include "readerkit/ccid/wire.hpp"
#include "readerkit/status.hpp"
#include "slot_commands.hpp"

namespace readerkit::ccid_device::detail {

using Outcome = SlotCommands::Outcome;

// Offsets of the fields a "bad parameter" bError names (CCID §6.2.6: the offset of the field).
inline constexpr std::uint8_t kOffsetSpecific = 7;  // bPowerSelect, bProtocolNum, bBWI
inline constexpr std::uint8_t kOffsetLevel = 8;     // wLevelParameter
inline constexpr std::uint8_t kOffsetData = 10;     // abData

inline constexpr std::uint8_t kChainContinue =
    static_cast<std::uint8_t>(ccid::Chain::empty_continue);

inline Outcome ok(Bytes data = {}, std::uint8_t specific = 0) {
  return Outcome{ccid::CommandStatus::processed, 0, specific, std::move(data)};
}
inline Outcome failed(ccid::SlotError e) {
  return Outcome{ccid::CommandStatus::failed, static_cast<std::uint8_t>(e), 0, {}};
}
inline Outcome bad_parameter(std::uint8_t offset) {
  return Outcome{ccid::CommandStatus::failed, offset, 0, {}};
}

/// A Device status as the slot error that reports it (one table; HW_ERROR for the rest).
Outcome failed(Status s);

}  // namespace readerkit::ccid_device::detail
