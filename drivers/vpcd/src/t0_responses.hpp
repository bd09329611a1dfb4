// SPDX-License-Identifier: MIT
// T=0 on top of an APDU-level card. A vpcd card answers whole APDUs; a client that selected
// T=0 sends TPDUs and, for a command with data (case 3 TPDU, ISO/IEC 7816-3 §12.2.4), expects
// the card to announce response data with 61xx and deliver it through GET RESPONSE. This class
// plays that part of a T=0 card: it keeps the card's response and serves GET RESPONSE from it.
#pragma once

#include <span>

#include "card_link.hpp"
#include "readerkit/bytes.hpp"
#include "readerkit/status.hpp"

namespace readerkit::vpcd::detail {

class T0Responses {
 public:
  /// Forgets a held response (new command, reset, new card).
  void clear() { held_.clear(); }

  /// Exchanges one T=0 TPDU: GET RESPONSE while a response is held is answered locally
  /// (61xx while more remains, 6Cxx for a P3 larger than what is held, the card's status
  /// word with the last part); every other command is checked by parse_tpdu() (a case 4S
  /// command loses its Le, ISO/IEC 7816-3 §12.2.4; one that is no TPDU is INVALID_PARAMETER)
  /// and goes to the card as an APDU, and a case 3 TPDU answered with data gets 61xx instead.
  Status transmit(CardLink& link, std::span<const std::byte> tpdu, Bytes& response);

 private:
  void serve_get_response(std::size_t le, Bytes& response);

  Bytes held_;  // response data not yet fetched, then the card's SW1 SW2
};

}  // namespace readerkit::vpcd::detail
