// SPDX-License-Identifier: MIT
// Command and response APDUs as the simulated card's applications see them (ISO/IEC 7816-4
// §5.1: cases 1-4, short and extended length fields).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "readerkit/bytes.hpp"

namespace readerkit::sim::card {

/// A command APDU split into its fields. `le` keeps the encoded Le (0 means "maximum": 256
/// short, 65536 extended) so an application can tell `[00]` from an absent Le. `data` views
/// the bytes it was parsed from: the transport keeps them until the application has answered.
struct CommandApdu {
  std::uint8_t cla = 0;
  std::uint8_t ins = 0;
  std::uint8_t p1 = 0;
  std::uint8_t p2 = 0;
  std::span<const std::byte> data;  // Lc bytes (empty in cases 1 and 2)
  std::optional<std::uint32_t> le;  // encoded Le, absent in cases 1 and 3
  bool extended = false;            // length fields were in extended form

  /// Ne: the number of bytes Le asks for (0 without Le, 256/65536 for an encoded 0).
  std::size_t ne() const;
  /// P1P2 read as a 16-bit number.
  std::uint16_t p1p2() const { return static_cast<std::uint16_t>(p1 << 8 | p2); }
};

/// Parses an APDU as T=1 carries it; nullopt for a malformed length structure. The result's
/// `data` is a view into `apdu`.
std::optional<CommandApdu> parse_command_apdu(std::span<const std::byte> apdu);

/// The card's answer: data, the status word, and how long the card works before answering
/// (the transport engines turn long work into NULL bytes or S(WTX) requests). `data` views
/// memory of the application that answered, valid until its next command or reset: the
/// transport copies it at once into its own reused buffer, so answering allocates nothing.
struct ResponseApdu {
  std::span<const std::byte> data;
  std::uint16_t sw = 0x9000;
  std::uint32_t work_ms = 0;

  std::uint8_t sw1() const { return static_cast<std::uint8_t>(sw >> 8); }
  std::uint8_t sw2() const { return static_cast<std::uint8_t>(sw & 0xFF); }
  /// Replaces `out` with data followed by SW1 SW2 (out's capacity is reused).
  void bytes_into(Bytes& out) const;
};

/// A response made of a status word only.
inline ResponseApdu status_only(std::uint16_t sw) {
  return ResponseApdu{{}, sw, 0};
}

/// Status words the simulated card uses (ISO/IEC 7816-4 §5.1.3).
enum Sw : std::uint16_t {
  SW_OK = 0x9000,
  SW_END_OF_FILE = 0x6282,
  SW_WRONG_LENGTH = 0x6700,
  SW_SECURITY_NOT_SATISFIED = 0x6982,
  SW_PIN_BLOCKED = 0x6983,
  SW_CONDITIONS_NOT_SATISFIED = 0x6985,
  SW_COMMAND_NOT_ALLOWED = 0x6986,
  SW_WRONG_DATA = 0x6A80,
  SW_FUNCTION_NOT_SUPPORTED = 0x6A81,
  SW_FILE_NOT_FOUND = 0x6A82,
  SW_RECORD_NOT_FOUND = 0x6A83,
  SW_WRONG_P1P2 = 0x6A86,
  SW_REFERENCED_DATA_NOT_FOUND = 0x6A88,
  SW_WRONG_OFFSET = 0x6B00,
  SW_INS_NOT_SUPPORTED = 0x6D00,
  SW_CLA_NOT_SUPPORTED = 0x6E00,
};

}  // namespace readerkit::sim::card
