// SPDX-License-Identifier: MIT
// The PIN pad operation every driver with a keypad shares: structure first (6B 80 before any
// key is asked for), then the entries in order (current, new, confirmation), then the APDU. The
// digits live in SecretDigits, wiped when the operation ends.
#include <algorithm>
#include <cstring>

#include "readerkit/pinpad.hpp"

namespace readerkit {
namespace {

Result<Bytes> answer(PinError e) {
  return pin_error_sw(e);
}

// One entry; nullopt carries the result word of a timeout or a Cancel.
std::optional<SecretDigits> read_entry(const PinKeypad& keypad, const PinCommon& c,
                                       PinPromptKind kind, PinError& error) {
  PinInput in = keypad(PinPrompt{kind, c.timeout_s, c.min_digits, c.max_digits});
  if (in.kind == PinInput::Kind::digits) return std::move(in.digits);
  error = in.kind == PinInput::Kind::cancelled ? PinError::cancelled : PinError::timeout;
  return std::nullopt;
}

Result<Bytes> send(const ApduExchange& exchange, Bytes& apdu) {
  Result<Bytes> response = exchange(apdu);
  wipe_secret(apdu);  // the APDU held the PIN
  return response;
}

}  // namespace

void wipe_secret(std::span<std::byte> bytes) {
  volatile std::byte* p = bytes.data();
  for (std::size_t i = 0; i < bytes.size(); ++i) p[i] = std::byte{0};
}

SecretDigits::SecretDigits(std::string_view digits)
    : size_(std::min(digits.size(), PIN_DIGITS_MAX)) {
  std::copy_n(digits.begin(), size_, digits_.begin());
}

SecretDigits::SecretDigits(SecretDigits&& other) noexcept {
  take_from(other);
}

SecretDigits& SecretDigits::operator=(SecretDigits&& other) noexcept {
  if (this != &other) {
    wipe();
    take_from(other);
  }
  return *this;
}

SecretDigits::~SecretDigits() {
  wipe();
}

void SecretDigits::take_from(SecretDigits& other) {
  std::copy_n(other.digits_.begin(), other.size_, digits_.begin());
  size_ = other.size_;
  other.wipe();
}

void SecretDigits::wipe() {
  wipe_secret(std::as_writable_bytes(std::span(digits_)));
  size_ = 0;
}

Result<Bytes> verify_pin(std::span<const std::byte> structure, const PinKeypad& keypad,
                         const ApduExchange& exchange) {
  const auto v = parse_pin_verify(structure);
  if (!v) return answer(PinError::invalid_structure);
  PinError error = PinError::none;
  auto pin = read_entry(keypad, v->common, PinPromptKind::current, error);
  if (!pin) return answer(error);
  Bytes apdu;
  if (error = build_verify_apdu(*v, pin->view(), apdu); error != PinError::none)
    return answer(error);
  return send(exchange, apdu);
}

Result<Bytes> modify_pin(std::span<const std::byte> structure, const PinKeypad& keypad,
                         const ApduExchange& exchange) {
  const auto m = parse_pin_modify(structure);
  if (!m) return answer(PinError::invalid_structure);
  PinError error = PinError::none;
  std::optional<SecretDigits> current;
  if (m->asks_old()) {
    current = read_entry(keypad, m->common, PinPromptKind::current, error);
    if (!current) return answer(error);
  }
  auto fresh = read_entry(keypad, m->common, PinPromptKind::new_pin, error);
  if (!fresh) return answer(error);
  if (m->asks_confirmation()) {
    auto again = read_entry(keypad, m->common, PinPromptKind::confirmation, error);
    if (!again) return answer(error);
    if (again->view() != fresh->view()) return answer(PinError::pins_differ);
  }
  Bytes apdu;
  error =
      build_modify_apdu(*m, current ? current->view() : std::string_view{}, fresh->view(), apdu);
  if (error != PinError::none) return answer(error);
  return send(exchange, apdu);
}

Bytes pin_properties_structure(const PinPadProperties& p) {
  return {static_cast<std::byte>(p.lcd_layout & 0xFF), static_cast<std::byte>(p.lcd_layout >> 8),
          static_cast<std::byte>(p.entry_validation), static_cast<std::byte>(p.timeout2)};
}

Bytes pin_tlv_properties(const PinPadProperties& p) {
  // Tags of PC/SC part 10 §2.6.14: 1 wLcdLayout, 2 bEntryValidationCondition, 3 bTimeOut2,
  // 6 bMinPINSize, 7 bMaxPINSize; values little-endian. Sizes only when the reader knows them.
  Bytes out{std::byte{0x01},
            std::byte{0x02},
            static_cast<std::byte>(p.lcd_layout & 0xFF),
            static_cast<std::byte>(p.lcd_layout >> 8),
            std::byte{0x02},
            std::byte{0x01},
            static_cast<std::byte>(p.entry_validation),
            std::byte{0x03},
            std::byte{0x01},
            static_cast<std::byte>(p.timeout2)};
  if (p.min_digits == 0) return out;
  for (const std::byte b : {std::byte{0x06}, std::byte{0x01}, static_cast<std::byte>(p.min_digits),
                            std::byte{0x07}, std::byte{0x01}, static_cast<std::byte>(p.max_digits)})
    out.push_back(b);
  return out;
}

}  // namespace readerkit
