// SPDX-License-Identifier: MIT
// CCID wire constants (USB CCID specification rev 1.1, §6 and §5.1), spelled as the
// specification spells them, in typed enums.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace readerkit::ccid {

/// bMessageType of bulk-out commands (CCID §6.1).
enum class PcToRdr : std::uint8_t {
  PC_to_RDR_SetParameters = 0x61,
  PC_to_RDR_IccPowerOn = 0x62,
  PC_to_RDR_IccPowerOff = 0x63,
  PC_to_RDR_GetSlotStatus = 0x65,
  PC_to_RDR_Secure = 0x69,
  PC_to_RDR_T0APDU = 0x6A,
  PC_to_RDR_Escape = 0x6B,
  PC_to_RDR_GetParameters = 0x6C,
  PC_to_RDR_ResetParameters = 0x6D,
  PC_to_RDR_IccClock = 0x6E,
  PC_to_RDR_XfrBlock = 0x6F,
  PC_to_RDR_Mechanical = 0x71,
  PC_to_RDR_Abort = 0x72,
  PC_to_RDR_SetDataRateAndClockFrequency = 0x73,
};

/// bMessageType of bulk-in responses (CCID §6.2) and interrupt-in messages (§6.3).
enum class RdrToPc : std::uint8_t {
  RDR_to_PC_NotifySlotChange = 0x50,
  RDR_to_PC_HardwareError = 0x51,
  RDR_to_PC_DataBlock = 0x80,
  RDR_to_PC_SlotStatus = 0x81,
  RDR_to_PC_Parameters = 0x82,
  RDR_to_PC_Escape = 0x83,
  RDR_to_PC_DataRateAndClockFrequency = 0x84,
};

/// Every bulk message starts with this 10-byte header (CCID §6.1).
inline constexpr std::size_t kHeaderSize = 10;

/// bPowerSelect of PC_to_RDR_IccPowerOn (CCID §6.1.1).
enum class Voltage : std::uint8_t { automatic = 0, v5_0 = 1, v3_0 = 2, v1_8 = 3 };

/// bmICCStatus, bits 0..1 of bStatus (CCID §6.2.6).
enum class IccStatus : std::uint8_t { active = 0, present_inactive = 1, absent = 2, rfu = 3 };

/// bmCommandStatus, bits 6..7 of bStatus (CCID §6.2.6).
enum class CommandStatus : std::uint8_t { processed = 0, failed = 1, time_extension = 2, rfu = 3 };

/// bError values when bmCommandStatus is "failed" (CCID §6.2.6, table 6.2-2).
enum class SlotError : std::uint8_t {
  CMD_NOT_SUPPORTED = 0x00,
  CMD_SLOT_BUSY = 0xE0,
  PIN_CANCELLED = 0xEF,
  PIN_TIMEOUT = 0xF0,
  BUSY_WITH_AUTO_SEQUENCE = 0xF2,
  DEACTIVATED_PROTOCOL = 0xF3,
  PROCEDURE_BYTE_CONFLICT = 0xF4,
  ICC_CLASS_NOT_SUPPORTED = 0xF5,
  ICC_PROTOCOL_NOT_SUPPORTED = 0xF6,
  BAD_ATR_TCK = 0xF7,
  BAD_ATR_TS = 0xF8,
  HW_ERROR = 0xFB,
  XFR_OVERRUN = 0xFC,
  XFR_PARITY_ERROR = 0xFD,
  ICC_MUTE = 0xFE,
  CMD_ABORTED = 0xFF,
};

/// "ICC_MUTE" etc.; "BAD_PARAMETER" for 0x01..0x7F (the offset of the bad field), "RFU" else.
std::string_view slot_error_name(std::uint8_t b_error);

/// wLevelParameter of PC_to_RDR_XfrBlock and bChainParameter of RDR_to_PC_DataBlock at
/// extended APDU level (CCID §6.1.4, §6.2.1).
enum class Chain : std::uint16_t {
  begins_and_ends = 0x0000,
  begins_continues = 0x0001,
  continues_ends = 0x0002,
  continues_continues = 0x0003,
  empty_continue = 0x0010,
};

/// dwFeatures bits (CCID §5.1, table 5.1-1).
namespace feature {
inline constexpr std::uint32_t AUTO_CONFIG_ATR = 0x00000002;
inline constexpr std::uint32_t AUTO_ACTIVATION = 0x00000004;
inline constexpr std::uint32_t AUTO_VOLTAGE = 0x00000008;
inline constexpr std::uint32_t AUTO_CLOCK = 0x00000010;
inline constexpr std::uint32_t AUTO_BAUD = 0x00000020;
inline constexpr std::uint32_t AUTO_PARAM_NEGOTIATION = 0x00000040;
inline constexpr std::uint32_t AUTO_PPS = 0x00000080;
inline constexpr std::uint32_t CLOCK_STOP = 0x00000100;
inline constexpr std::uint32_t NAD_NOT_ZERO = 0x00000200;
inline constexpr std::uint32_t AUTO_IFSD = 0x00000400;
inline constexpr std::uint32_t LEVEL_TPDU = 0x00010000;
inline constexpr std::uint32_t LEVEL_SHORT_APDU = 0x00020000;
inline constexpr std::uint32_t LEVEL_EXTENDED_APDU = 0x00040000;
inline constexpr std::uint32_t LEVEL_MASK = 0x00070000;
inline constexpr std::uint32_t USB_WAKEUP = 0x00100000;
}  // namespace feature

/// The exchange level dwFeatures announces (CCID §5.1).
enum class ExchangeLevel { character, tpdu, short_apdu, extended_apdu };

/// "character", "TPDU", "short APDU", "extended APDU".
std::string_view exchange_level_name(ExchangeLevel level);

/// Class-specific control request ABORT (CCID §5.3.1): wValue = bSeq << 8 | bSlot.
inline constexpr std::uint8_t kRequestAbort = 0x01;

/// USB interface class of a smart card reader.
inline constexpr std::uint8_t kInterfaceClassCcid = 0x0B;
/// CCID class descriptor type and length.
inline constexpr std::uint8_t kDescriptorTypeCcid = 0x21;
inline constexpr std::size_t kDescriptorLength = 0x36;

}  // namespace readerkit::ccid
