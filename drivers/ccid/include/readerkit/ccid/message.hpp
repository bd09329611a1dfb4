// SPDX-License-Identifier: MIT
// CCID bulk messages as values: builders for every PC_to_RDR command the driver sends and a
// parser for RDR_to_PC responses and interrupt messages (USB CCID rev 1.1 §6).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "readerkit/bytes.hpp"
#include "readerkit/ccid/wire.hpp"
#include "readerkit/result.hpp"

namespace readerkit::ccid {

/// A command before its bSeq is assigned: the channel stamps bSeq when it sends it.
struct Command {
  PcToRdr type = PcToRdr::PC_to_RDR_GetSlotStatus;
  std::uint8_t slot = 0;
  std::array<std::uint8_t, 3> specific{};  // the three message-specific header bytes
  Bytes data;                             // abData

  /// The wire bytes with the given bSeq.
  Bytes encode(std::uint8_t seq) const;
};

/// A bulk-out command as a device receives it: the command and the bSeq it came with.
struct ReceivedCommand {
  Command command;
  std::uint8_t seq = 0;
};

/// Parses one complete bulk-out message (the device side of §6.1): any bMessageType is taken,
/// known or not, so that the device can answer an unknown one with CMD_NOT_SUPPORTED.
/// DEVICE_PROTOCOL_ERROR for a frame shorter than its header or whose dwLength disagrees with
/// its size.
Result<ReceivedCommand> parse_command(std::span<const std::byte> frame);

/// PC_to_RDR_IccPowerOn with bPowerSelect (CCID §6.1.1).
Command icc_power_on(std::uint8_t slot, Voltage voltage);
/// PC_to_RDR_IccPowerOff (§6.1.2).
Command icc_power_off(std::uint8_t slot);
/// PC_to_RDR_GetSlotStatus (§6.1.3).
Command get_slot_status(std::uint8_t slot);
/// PC_to_RDR_XfrBlock with bBWI and wLevelParameter (§6.1.4): at character level the expected
/// response length, at extended APDU level the Chain value, 0 otherwise.
Command xfr_block(std::uint8_t slot, std::span<const std::byte> data, std::uint16_t level = 0,
                  std::uint8_t bwi = 0);
/// PC_to_RDR_GetParameters (§6.1.5).
Command get_parameters(std::uint8_t slot);
/// PC_to_RDR_ResetParameters (§6.1.6).
Command reset_parameters(std::uint8_t slot);
/// PC_to_RDR_SetParameters with bProtocolNum 0 (T=0, 5 bytes) or 1 (T=1, 7 bytes) (§6.1.7).
Command set_parameters(std::uint8_t slot, std::uint8_t protocol,
                       std::span<const std::byte> protocol_data);
/// PC_to_RDR_Escape (§6.1.8).
Command escape(std::uint8_t slot, std::span<const std::byte> data);
/// PC_to_RDR_Abort (§6.1.13); the control request ABORT must precede it (§5.3.1).
Command abort(std::uint8_t slot);

/// A parsed bulk-in response (RDR_to_PC_*; §6.2).
struct Response {
  RdrToPc type = RdrToPc::RDR_to_PC_SlotStatus;
  std::uint8_t slot = 0;
  std::uint8_t seq = 0;
  std::uint8_t status = 0;    // bStatus
  std::uint8_t error = 0;     // bError (the time extension multiplier when requested)
  std::uint8_t specific = 0;  // bChainParameter / bClockStatus / bProtocolNum / bRFU
  Bytes data;

  IccStatus icc_status() const { return static_cast<IccStatus>(status & 0x03); }
  CommandStatus command_status() const { return static_cast<CommandStatus>(status >> 6); }

  /// The wire bytes (the device side of §6.2).
  Bytes encode() const;
};

/// bStatus from its two fields (§6.2.6).
constexpr std::uint8_t make_status(CommandStatus command, IccStatus icc) {
  return static_cast<std::uint8_t>(static_cast<std::uint8_t>(command) << 6 |
                                   static_cast<std::uint8_t>(icc));
}

/// Length a complete message starting with `header` has (10 + dwLength); nullopt when fewer
/// than 10 bytes are given.
std::optional<std::size_t> message_length(std::span<const std::byte> header);

/// Parses one complete response. DEVICE_PROTOCOL_ERROR for a short frame, a dwLength that
/// disagrees with the frame, or a message type that is not a bulk-in response.
Result<Response> parse_response(std::span<const std::byte> frame);

/// RDR_to_PC_NotifySlotChange decoded: one entry per slot in the bitmap (§6.3.1).
struct SlotChange {
  std::uint8_t slot = 0;
  bool present = false;
  bool changed = false;
};

/// RDR_to_PC_NotifySlotChange for `slot_count` slots (§6.3.1): `slots` gives the entries to
/// set, by slot number; slots not listed are absent and unchanged.
Bytes notify_slot_change(std::size_t slot_count, std::span<const SlotChange> slots);

/// Parses an interrupt-in message: NotifySlotChange gives its slots, HardwareError gives an
/// empty list; DEVICE_PROTOCOL_ERROR for anything else or a truncated message.
Result<std::vector<SlotChange>> parse_interrupt(std::span<const std::byte> message);

/// abProtocolDataStructure of SetParameters / RDR_to_PC_Parameters (§6.1.7), as fields.
struct ProtocolData {
  std::uint8_t protocol = 0;       // 0: T=0, 1: T=1
  std::uint8_t fi_di = 0x11;       // bmFindexDindex
  std::uint8_t tcck = 0;           // bmTCCKST0 / bmTCCKST1 (T=1: bit0 CRC, bit1 inverse)
  std::uint8_t guard_time = 0;     // bGuardTimeT0/T1 (N)
  std::uint8_t waiting = 10;       // bWaitingIntegerT0 (WI) / bWaitingIntegersT1 (BWI<<4|CWI)
  std::uint8_t clock_stop = 0;     // bClockStop
  std::uint8_t ifsc = 32;          // T=1 only
  std::uint8_t nad = 0;            // T=1 only

  Bytes encode() const;
};

/// Decodes RDR_to_PC_Parameters (bProtocolNum in Response::specific).
Result<ProtocolData> parse_protocol_data(const Response& response);

}  // namespace readerkit::ccid
