// SPDX-License-Identifier: MIT
// Names of CCID wire values for logs and decodes (USB CCID rev 1.1 §6.2.6).
#include <array>

#include "readerkit/ccid/wire.hpp"

namespace readerkit::ccid {
namespace {

struct ErrorName {
  SlotError error;
  std::string_view name;
};

constexpr std::array kSlotErrors{
    ErrorName{SlotError::CMD_NOT_SUPPORTED, "CMD_NOT_SUPPORTED"},
    ErrorName{SlotError::CMD_SLOT_BUSY, "CMD_SLOT_BUSY"},
    ErrorName{SlotError::PIN_CANCELLED, "PIN_CANCELLED"},
    ErrorName{SlotError::PIN_TIMEOUT, "PIN_TIMEOUT"},
    ErrorName{SlotError::BUSY_WITH_AUTO_SEQUENCE, "BUSY_WITH_AUTO_SEQUENCE"},
    ErrorName{SlotError::DEACTIVATED_PROTOCOL, "DEACTIVATED_PROTOCOL"},
    ErrorName{SlotError::PROCEDURE_BYTE_CONFLICT, "PROCEDURE_BYTE_CONFLICT"},
    ErrorName{SlotError::ICC_CLASS_NOT_SUPPORTED, "ICC_CLASS_NOT_SUPPORTED"},
    ErrorName{SlotError::ICC_PROTOCOL_NOT_SUPPORTED, "ICC_PROTOCOL_NOT_SUPPORTED"},
    ErrorName{SlotError::BAD_ATR_TCK, "BAD_ATR_TCK"},
    ErrorName{SlotError::BAD_ATR_TS, "BAD_ATR_TS"},
    ErrorName{SlotError::HW_ERROR, "HW_ERROR"},
    ErrorName{SlotError::XFR_OVERRUN, "XFR_OVERRUN"},
    ErrorName{SlotError::XFR_PARITY_ERROR, "XFR_PARITY_ERROR"},
    ErrorName{SlotError::ICC_MUTE, "ICC_MUTE"},
    ErrorName{SlotError::CMD_ABORTED, "CMD_ABORTED"},
};

}  // namespace

std::string_view slot_error_name(std::uint8_t b_error) {
  for (const auto& row : kSlotErrors) {
    if (static_cast<std::uint8_t>(row.error) == b_error) return row.name;
  }
  if (b_error >= 0x01 && b_error <= 0x7F) return "BAD_PARAMETER";
  return "RFU";
}

std::string_view exchange_level_name(ExchangeLevel level) {
  switch (level) {
    case ExchangeLevel::character: return "character";
    case ExchangeLevel::tpdu: return "TPDU";
    case ExchangeLevel::short_apdu: return "short APDU";
    case ExchangeLevel::extended_apdu: return "extended APDU";
  }
  return "character";
}

}  // namespace readerkit::ccid
