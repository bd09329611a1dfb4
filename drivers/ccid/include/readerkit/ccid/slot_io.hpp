// SPDX-License-Identifier: MIT
// The CCID commands of one slot as operations with statuses: power with class selection,
// XfrBlock at every level including extended APDU chaining, parameters, escape and abort
// (USB CCID rev 1.1 §6.1, §6.2).
#pragma once

#include <cstdint>
#include <span>

#include "readerkit/ccid/channel.hpp"
#include "readerkit/ccid/descriptor.hpp"
#include "readerkit/ccid/quirks.hpp"
#include "readerkit/ccid/secure.hpp"

namespace readerkit::ccid {

/// The status a failed response stands for (no card, mute card, unsupported, busy, ...).
Status status_of(const Response& response);

class SlotIo {
 public:
  SlotIo(Channel& channel, std::uint8_t slot, const ClassDescriptor& descriptor,
         const Quirks& quirks);

  /// Powers the card on and returns its ATR. With automatic voltage (dwFeatures or quirk)
  /// one IccPowerOn; otherwise the classes bVoltageSupport offers are tried from the lowest
  /// voltage up, powering off between tries (ISO/IEC 7816-3 §6.2.4, class selection).
  Result<Bytes> power_on();
  Status power_off();
  /// GetSlotStatus; the response's bmICCStatus tells presence.
  Result<Response> slot_status();

  /// One XfrBlock: the data of the DataBlock answer.
  Result<Bytes> xfr_block(std::span<const std::byte> data, std::uint16_t level = 0);

  /// A command APDU at short or extended APDU level: splits it over XfrBlocks with
  /// wLevelParameter chaining when it does not fit dwMaxCCIDMessageLength, and collects a
  /// response the reader returns in pieces (bChainParameter), §6.1.4 / §6.2.1.
  Result<Bytes> transmit_apdu(std::span<const std::byte> apdu);

  Result<ProtocolData> get_parameters();
  Status set_parameters(const ProtocolData& parameters);
  /// PC_to_RDR_Escape; NOT_SUPPORTED without I/O for a reader whose quirk says it has none.
  Result<Bytes> escape(std::span<const std::byte> data);
  /// PC_to_RDR_Secure for a PC/SC part 10 structure (secure.hpp): the card's response or the
  /// part 10 result word; the reader's time extensions are waited through while the user types.
  Result<Bytes> secure(PinOperation operation, std::span<const std::byte> part10_structure);
  Status abort();

  std::uint8_t index() const { return slot_; }
  /// Largest abData the reader takes in one message.
  std::size_t max_data() const;

 private:
  Result<Response> run(const Command& command);
  Result<Bytes> power_on_with(Voltage voltage);

  Channel& channel_;
  std::uint8_t slot_;
  const ClassDescriptor& descriptor_;
  const Quirks& quirks_;
};

}  // namespace readerkit::ccid
