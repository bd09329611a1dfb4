// SPDX-License-Identifier: MIT
// A card application behind the simulated card's transport layer.
#pragma once

#include <cstdint>

#include "card/apdu.hpp"

namespace readerkit::sim::card {

/// Which way a command's data flows; T=0 needs it to read P3 as Lc or Le (ISO/IEC 7816-3
/// §10.3.2: the card, not the TPDU, knows the case).
enum class DataDirection { none, to_card, from_card };

/// One application: answers command APDUs, knows each instruction's data direction.
class Application {
 public:
  virtual ~Application() = default;
  /// Handles one command; the response may ask the transport to signal long work.
  virtual ResponseApdu process(const CommandApdu& command) = 0;
  /// The direction of INS's data (for T=0); unknown instructions are `none`.
  virtual DataDirection direction(std::uint8_t ins) const = 0;
  /// Card reset: forget volatile state.
  virtual void reset() {}
};

}  // namespace readerkit::sim::card
