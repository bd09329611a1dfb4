// SPDX-License-Identifier: MIT
// Card and reader capabilities: the parts of the callback parameters describing the card in
// the reader (library-owned, but for the ATR the power callback stores) and the reader itself
// (driver-owned). docs/contract/ioctl.md §3, §5.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "readerkit/atr.hpp"
#include "readerkit/bytes.hpp"
#include "readerkit/card.hpp"
#include "readerkit/pinpad.hpp"
#include "readerkit/status.hpp"

namespace readerkit {

/// The PPS exchange the library prepared for RDF_SET_PROTOCOL (empty when DEFAULT was asked,
/// in specific mode, or when the card's default parameters are already the best).
struct PpsRequest {
  std::array<std::byte, 6> bytes{};
  std::size_t length = 0;
  std::uint8_t ta1 = 0x11;  // the Fi/Di indices proposed in PPS1
  bool empty() const { return length == 0; }
};

/// The card as the library understands it.
struct CardCapabilities {
  Bytes atr;                         // set by RDF_CARD_POWER on reset (direct byte order)
  std::optional<AtrInfo> atr_info;   // set by the library once the ATR is parsed
  bool inverse_convention = false;
  std::uint32_t protocol_types = 0;  // SCARD_PROTOCOL_* mask the card offers
  std::uint32_t protocol_selected = SCARD_PROTOCOL_UNDEFINED;
  PpsRequest pps;                    // prepared by SET_PROTOCOL before the callback

  // Parameters in use (defaults until PPS or specific mode says otherwise).
  std::uint32_t f = 372;
  std::uint32_t d = 1;
  std::uint32_t n = 0;
  std::uint32_t wi = 10;
  std::uint32_t ifsc = 32;
  std::uint32_t ifsd = 32;
  Edc edc = Edc::lrc;
  std::uint32_t bwt_us = 0;
  std::uint32_t cwt_us = 0;
  std::uint32_t wt_us = 0;

  /// Called by RDF_SET_PROTOCOL when PPS failed: Fi=372, Di=1 (docs/protocol.md "PPS").
  void use_default_parameters() { f = 372; d = 1; }
};

/// What the reader is and can do; filled by the driver before it creates the device.
struct ReaderCapabilities {
  std::string vendor_name = "ReaderKit";
  std::string ifd_type;
  std::uint32_t ifd_version = 0x01000000;   // 0xMMmmbbbb
  std::string serial_number;                // empty: VENDOR_IFD_SERIAL_NO is NOT_SUPPORTED
  ReaderType reader_type = ReaderType::SCARD_READER_TYPE_VENDOR;
  std::uint32_t channel = 0;
  std::uint32_t protocol_types = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
  std::uint32_t default_clk_khz = 3580;
  std::uint32_t max_clk_khz = 3580;
  std::uint32_t default_data_rate = 9600;
  std::uint32_t max_data_rate = 344086;
  std::uint32_t max_ifsd = 254;
  std::uint32_t power_mgmt_support = 0;
  std::uint32_t mechanics = 0;              // SCARD_READER_SWALLOWS | EJECTS | CONFISCATES
  std::uint32_t current_clk_khz = 3580;
  /// Set for a reader with a keypad (and RDF_PIN_ENTRY): what it announces (docs/pinpad.md).
  std::optional<PinPadProperties> pin_pad;
};

/// smclib's SmartcardUpdateCardCapabilities: decodes card.atr into card.atr_info, the
/// protocols offered, the convention and the parameters in use (default F/D, N, WI, IFSC, EDC,
/// BWT/CWT/WT at the reader's current clock). UNRECOGNIZED_MEDIA for an ATR that is not ISO
/// unless options.lenient (then wrong/missing TCK and RFU Fi/Di are accepted, 372/1 used).
/// Implemented by the protocol layer (src/card_capabilities.cpp).
Status update_card_capabilities(CardCapabilities& card, const ReaderCapabilities& reader,
                                const AtrParseOptions& options);

/// Recomputes the etu-derived times (BWT, CWT, WT) after F, D or the clock changed.
void update_card_timing(CardCapabilities& card, const ReaderCapabilities& reader);

}  // namespace readerkit
