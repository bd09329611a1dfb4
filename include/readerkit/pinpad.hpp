// SPDX-License-Identifier: MIT
// Secure PIN entry (PC/SC part 10, §2.5 and CCID §6.1.11): the PIN_VERIFY_STRUCTURE and
// PIN_MODIFY_STRUCTURE an application sends with FEATURE_VERIFY_PIN_DIRECT /
// FEATURE_MODIFY_PIN_DIRECT, parsed as untrusted input; the APDU a PIN pad builds from them
// (digits formatted and placed in the template, PIN length field); the part 10 result words; and
// the properties a PIN pad reader announces. One implementation for every driver with a keypad:
// a driver supplies how a PIN is read and how an APDU reaches the card (docs/pinpad.md).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "readerkit/bytes.hpp"
#include "readerkit/result.hpp"

namespace readerkit {

/// Part 10 result words a PIN pad returns instead of a card response.
enum class PinError : std::uint16_t {
  none = 0x9000,
  timeout = 0x6400,      // no (complete) entry within bTimerOut
  cancelled = 0x6401,    // the user pressed Cancel
  pins_differ = 0x6402,  // new PIN and its confirmation differ
  length_out_of_range = 0x6403,
  invalid_structure = 0x6B80,  // the structure is malformed
};

/// The two result bytes of an error (SW1 SW2).
Bytes pin_error_sw(PinError e);

/// What an answer of FEATURE_VERIFY/MODIFY_PIN_DIRECT means: "timeout", "cancelled",
/// "pins-differ", "length-out-of-range", "invalid-structure" for the part 10 words, "card" for
/// the card's own response.
std::string_view pin_result_name(std::span<const std::byte> answer);

/// How digits are coded (bmFormatString bits 1-0).
enum class PinFormat : std::uint8_t { binary = 0, bcd = 1, ascii = 2 };

/// Where and how the PIN goes into the APDU (bmFormatString, bmPINBlockString,
/// bmPINLengthFormat), decoded.
struct PinBlockLayout {
  bool position_in_bytes = false;  // system units of the PIN position: bytes, else bits
  std::uint8_t pin_position = 0;   // from the PIN block's start, in those units
  bool right_justified = false;
  PinFormat format = PinFormat::binary;
  std::uint8_t length_field_bits = 0;  // size of the PIN length field; 0: none
  std::uint8_t block_size = 0;         // bytes of the PIN block; 0: the formatted PIN itself
  bool length_position_in_bytes = false;
  std::uint8_t length_position = 0;  // from the PIN block's start
};

/// Fields both structures share.
struct PinCommon {
  std::uint8_t timeout_s = 0;   // bTimerOut: seconds for the first key, 0: reader default
  std::uint8_t timeout2_s = 0;  // bTimerOut2: seconds after the first key
  PinBlockLayout layout;
  std::uint8_t min_digits = 0;        // wPINMaxExtraDigit high byte
  std::uint8_t max_digits = 0;        // wPINMaxExtraDigit low byte
  std::uint8_t entry_validation = 0;  // bEntryValidationCondition bits
  std::uint8_t number_message = 0;
  std::uint16_t lang_id = 0;
  std::array<std::uint8_t, 3> teo_prologue{};
  Bytes apdu;  // abData: the command template (CLA INS P1 P2 Lc and the PIN block)
};

/// PIN_VERIFY_STRUCTURE, decoded.
struct PinVerify {
  PinCommon common;
  std::uint8_t msg_index = 0;
};

/// PIN_MODIFY_STRUCTURE, decoded.
struct PinModify {
  PinCommon common;
  std::uint8_t insertion_offset_old = 0;  // bytes into the PIN block for the current PIN
  std::uint8_t insertion_offset_new = 0;  // bytes into the PIN block for the new PIN
  std::uint8_t confirm = 0;               // bConfirmPIN: bit 0 confirm new, bit 1 ask old
  std::array<std::uint8_t, 3> msg_index{};
  bool asks_old() const { return (confirm & 0x02) != 0; }
  bool asks_confirmation() const { return (confirm & 0x01) != 0; }
};

/// Sizes of the fixed parts (before abData).
inline constexpr std::size_t PIN_VERIFY_HEADER_SIZE = 19;
inline constexpr std::size_t PIN_MODIFY_HEADER_SIZE = 24;
/// abData holds an APDU header (5 bytes) and at most 255 bytes of data.
inline constexpr std::size_t PIN_APDU_MAX = 5 + 255;

/// Parses and checks a structure: lengths (ulDataLength must equal what follows, 5..260),
/// min <= max, a known PIN format, every position, offset and the largest PIN inside the
/// template. nullopt means 6B 80.
std::optional<PinVerify> parse_pin_verify(std::span<const std::byte> structure);
std::optional<PinModify> parse_pin_modify(std::span<const std::byte> structure);

/// Which layout structure bytes follow: PC/SC part 10's, or CCID's abPINDataStructure
/// (CCID §6.1.11), the same fields without bTimerOut2 and ulDataLength.
enum class PinStructureForm { part10, ccid };

/// The structures as bytes (the inverse of the parsers), for hosts that build them from options
/// (`readerkit pin`) and for drivers that pass them on (CCID's PC_to_RDR_Secure).
Bytes encode_pin_verify(const PinVerify& v, PinStructureForm form = PinStructureForm::part10);
Bytes encode_pin_modify(const PinModify& m, PinStructureForm form = PinStructureForm::part10);

/// The three format bytes of a layout: bmFormatString, bmPINBlockString, bmPINLengthFormat.
std::array<std::uint8_t, 3> layout_bytes(const PinBlockLayout& l);

/// The APDU a PIN pad sends: the template with `digits` ('0'..'9') formatted and placed, and
/// the PIN length field written. length_out_of_range for a PIN outside min..max or with a
/// non-digit; invalid_structure when the PIN does not fit. For a modify, `old_digits` is used
/// only when the structure asks for the current PIN.
PinError build_verify_apdu(const PinVerify& v, std::string_view digits, Bytes& apdu);
PinError build_modify_apdu(const PinModify& m, std::string_view old_digits,
                           std::string_view new_digits, Bytes& apdu);

/// Zeroes bytes that held a PIN, through a volatile pointer so the stores are not dropped as dead.
void wipe_secret(std::span<std::byte> bytes);

/// Digits typed on a keypad (at most PIN_DIGITS_MAX, more are dropped), held in the object
/// itself, never on the heap, and wiped when destroyed or moved from.
inline constexpr std::size_t PIN_DIGITS_MAX = 255;
class SecretDigits {
 public:
  SecretDigits() = default;
  explicit SecretDigits(std::string_view digits);
  SecretDigits(SecretDigits&& other) noexcept;
  SecretDigits& operator=(SecretDigits&& other) noexcept;
  SecretDigits(const SecretDigits&) = delete;
  SecretDigits& operator=(const SecretDigits&) = delete;
  ~SecretDigits();
  std::string_view view() const { return {digits_.data(), size_}; }
  std::size_t size() const { return size_; }

 private:
  void take_from(SecretDigits& other);
  void wipe();
  std::array<char, PIN_DIGITS_MAX> digits_{};
  std::size_t size_ = 0;
};

/// Which PIN a keypad is asked for.
enum class PinPromptKind { current, new_pin, confirmation };

/// What a keypad is asked to read.
struct PinPrompt {
  PinPromptKind kind = PinPromptKind::current;
  std::uint8_t timeout_s = 0;  // from the structure (0: the reader's default)
  std::uint8_t min_digits = 0;
  std::uint8_t max_digits = 0;
};

/// What a keypad gives back.
struct PinInput {
  enum class Kind { digits, timeout, cancelled } kind = Kind::timeout;
  SecretDigits digits;
};

/// The two things a driver with a keypad supplies.
using PinKeypad = std::function<PinInput(const PinPrompt&)>;
using ApduExchange = std::function<Result<Bytes>(std::span<const std::byte> apdu)>;

/// The whole FEATURE_VERIFY_PIN_DIRECT / FEATURE_MODIFY_PIN_DIRECT operation: parse, read the
/// PIN(s), build the APDU, send it. The answer is the card's response, or the part 10 result
/// word of the first problem (invalid structure before any entry). A failure of the exchange
/// itself is its Status.
Result<Bytes> verify_pin(std::span<const std::byte> structure, const PinKeypad& keypad,
                         const ApduExchange& exchange);
Result<Bytes> modify_pin(std::span<const std::byte> structure, const PinKeypad& keypad,
                         const ApduExchange& exchange);

/// What a PIN pad reader announces (FEATURE_IFD_PIN_PROPERTIES, FEATURE_GET_TLV_PROPERTIES).
struct PinPadProperties {
  std::uint16_t lcd_layout = 0;  // wLcdLayout: rows << 8 | characters per row; 0: no display
  std::uint8_t entry_validation = 0x02;  // bEntryValidationCondition the reader supports
  std::uint8_t timeout2 = 0;
  /// PIN sizes the keypad accepts; 0: not announced (a CCID reader's descriptor has none).
  std::uint8_t min_digits = 4;
  std::uint8_t max_digits = 8;
  /// Which operations the reader offers (CCID bPINSupport bits 0 and 1).
  bool verify = true;
  bool modify = true;
};

/// PIN_PROPERTIES_STRUCTURE: wLcdLayout (LE), bEntryValidationCondition, bTimeOut2.
Bytes pin_properties_structure(const PinPadProperties& p);
/// The TLV properties (tag, length, value little-endian): wLcdLayout, bEntryValidationCondition,
/// bTimeOut2, and bMinPINSize, bMaxPINSize when announced.
Bytes pin_tlv_properties(const PinPadProperties& p);

}  // namespace readerkit
