// SPDX-License-Identifier: MIT
// ENVELOPE over T=0 (ISO/IEC 7816-4 §11.5.3): an APDU T=0 cannot carry as one TPDU (extended
// lengths) arrives in pieces in the data fields of ENVELOPE commands; the card runs it when
// the pieces form a whole APDU, and its answer is fetched with GET RESPONSE.
#pragma once

#include <optional>
#include <span>

#include "card/apdu.hpp"

namespace readerkit::sim::card {

/// INS of ENVELOPE.
inline constexpr std::uint8_t INS_ENVELOPE = 0xC2;

/// Collects ENVELOPE pieces until they parse as one complete command APDU. A piece that
/// happens to end exactly where a shorter APDU could end is taken as the end (the APDU's own
/// length fields are the only end marker the sender gives).
class EnvelopeCollector {
 public:
  /// Adds a piece; returns the command once complete (its data valid until the next add or
  /// reset). `overflow` is set when the pieces grew past the longest extended APDU (the
  /// collector then starts over).
  std::optional<CommandApdu> add(std::span<const std::byte> piece, bool& overflow);
  void reset() { pieces_.clear(); }

 private:
  Bytes pieces_;
  Bytes complete_;  // the pieces of the last complete command
};

}  // namespace readerkit::sim::card
