// SPDX-License-Identifier: MIT
// One CCID slot: every PC_to_RDR message (CCID rev 1.1 §6.1) answered with its RDR_to_PC
// message (§6.2), by IOCTLs to the slot's Device. Synchronous: the device's worker thread
// runs one command at a time per slot.
#pragma once

#include <cstdint>

#include "readerkit/ccid/message.hpp"
#include "readerkit/ccid_device/profile.hpp"
#include "readerkit/device.hpp"
#include "t1_responder.hpp"

namespace readerkit::ccid_device {

/// bError of a command for a slot the reader lacks: the offset of bSlot (CCID §6.2.6).
inline constexpr std::uint8_t kOffsetSlot = 5;
/// bError of a message longer than dwMaxCCIDMessageLength: the offset of dwLength.
inline constexpr std::uint8_t kOffsetLength = 1;

/// The message type that answers `command` (§6.2); SlotStatus for an unknown one.
ccid::RdrToPc answer_type(ccid::PcToRdr command);

/// A failed answer to `received` that no slot ran: bError `error`, bmICCStatus `icc`.
ccid::Response refuse(const ccid::ReceivedCommand& received, std::uint8_t error,
                      ccid::IccStatus icc);

/// bmICCStatus of a slot from its Device's state.
ccid::IccStatus icc_status(const Device& device);

class SlotCommands {
 public:
  SlotCommands(Device& device, const Profile& profile);

  /// The answer to one command for this slot, bSeq echoed.
  ccid::Response run(const ccid::ReceivedCommand& received);

  /// Drops what a chained exchange collected (PC_to_RDR_Abort, a detach).
  void reset_exchange();

  /// What a handler decided: bmCommandStatus, bError, the message-specific byte and abData.
  struct Outcome {
    ccid::CommandStatus command = ccid::CommandStatus::processed;
    std::uint8_t error = 0;
    std::uint8_t specific = 0;
    Bytes data;
  };

 private:
  Outcome power_on(const ccid::Command& c);
  Outcome power_off(const ccid::Command& c);
  Outcome slot_status(const ccid::Command& c);
  Outcome xfr_block(const ccid::Command& c);
  Outcome get_parameters(const ccid::Command& c);
  Outcome reset_parameters(const ccid::Command& c);
  Outcome set_parameters(const ccid::Command& c);
  Outcome not_supported(const ccid::Command& c);
  Outcome secure(const ccid::Command& c);
  Outcome abort(const ccid::Command& c);
  Outcome data_rate_and_clock(const ccid::Command& c);

  Outcome apdu_level(const ccid::Command& c);
  Outcome tpdu_level(const ccid::Command& c);
  Outcome pps(std::span<const std::byte> request);
  Outcome exchange(std::span<const std::byte> apdu);
  Outcome send_response(Bytes response);
  Outcome next_response_chunk();
  Outcome parameters();
  Result<std::uint32_t> ensure_protocol();

  struct Row;
  static const Row* find(ccid::PcToRdr type);
  friend ccid::RdrToPc answer_type(ccid::PcToRdr command);

  Device& device_;
  Profile profile_;
  std::uint32_t wanted_protocol_ = 0;  // from SetParameters or PPS; 0: the card's default
  T1Responder t1_;
  Bytes chain_in_;   // extended APDU level: command being collected
  Bytes chain_out_;  // extended APDU level: response still to send
  std::size_t chain_out_sent_ = 0;
};

}  // namespace readerkit::ccid_device
