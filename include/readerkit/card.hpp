// SPDX-License-Identifier: MIT
// Card states, protocols, power actions and reader types of the smart card class
// (winsmcrd.h values; docs/contract/ioctl.md §4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace readerkit {

/// Card state as reported by IOCTL_SMARTCARD_GET_STATE.
enum class CardState : std::uint32_t {
  SCARD_UNKNOWN = 0,
  SCARD_ABSENT = 1,
  SCARD_PRESENT = 2,
  SCARD_SWALLOWED = 3,
  SCARD_POWERED = 4,
  SCARD_NEGOTIABLE = 5,
  SCARD_SPECIFIC = 6,
};

/// Protocol mask bits of SET_PROTOCOL and SCARD_IO_REQUEST.
inline constexpr std::uint32_t SCARD_PROTOCOL_UNDEFINED = 0x00000000;
inline constexpr std::uint32_t SCARD_PROTOCOL_T0 = 0x00000001;
inline constexpr std::uint32_t SCARD_PROTOCOL_T1 = 0x00000002;
inline constexpr std::uint32_t SCARD_PROTOCOL_RAW = 0x00010000;
inline constexpr std::uint32_t SCARD_PROTOCOL_DEFAULT = 0x80000000;
inline constexpr std::uint32_t SCARD_PROTOCOL_KNOWN =
    SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1 | SCARD_PROTOCOL_RAW;

/// Minor code of IOCTL_SMARTCARD_POWER.
enum class PowerAction : std::uint32_t {
  SCARD_POWER_DOWN = 0,
  SCARD_COLD_RESET = 1,
  SCARD_WARM_RESET = 2,
};

/// Reader type, the high word of SCARD_ATTR_CHANNEL_ID.
enum class ReaderType : std::uint32_t {
  SCARD_READER_TYPE_SERIAL = 0x01,
  SCARD_READER_TYPE_PARALELL = 0x02,
  SCARD_READER_TYPE_KEYBOARD = 0x04,
  SCARD_READER_TYPE_SCSI = 0x08,
  SCARD_READER_TYPE_IDE = 0x10,
  SCARD_READER_TYPE_USB = 0x20,
  SCARD_READER_TYPE_PCMCIA = 0x40,
  SCARD_READER_TYPE_TPM = 0x80,
  SCARD_READER_TYPE_VENDOR = 0xF0,
};

/// Reader mechanics, SCARD_ATTR_CHARACTERISTICS.
inline constexpr std::uint32_t SCARD_READER_SWALLOWS = 0x1;
inline constexpr std::uint32_t SCARD_READER_EJECTS = 0x2;
inline constexpr std::uint32_t SCARD_READER_CONFISCATES = 0x4;

/// "SCARD_SPECIFIC" etc.
std::string_view card_state_name(CardState s);
/// "SCARD_COLD_RESET" etc.; empty for an unknown value.
std::string_view power_action_name(std::uint32_t action);
/// "T0", "T1", "RAW", "T0,T1", "T1|DEFAULT": the protocol bits of a mask.
std::string protocol_mask_name(std::uint32_t mask);
/// Parses "T0", "T1", "T0,T1", "RAW" (case-insensitive, ',' or '|' separated) to a mask.
std::optional<std::uint32_t> protocol_mask_from_name(std::string_view text);
/// "SCARD_READER_TYPE_USB" etc.
std::string_view reader_type_name(ReaderType t);

}  // namespace readerkit
