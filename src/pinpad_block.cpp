// SPDX-License-Identifier: MIT
// The APDU a PIN pad sends (PC/SC part 10 §2.5.2, CCID §6.1.11): the template, the digits
// written at the PIN position of their PIN block (bit offsets count from the most significant bit
// of the block's first byte), left or right justified, as binary, BCD or ASCII digits, and the
// PIN length field. With a PIN block size of 0 the block is the formatted PIN itself and Lc
// becomes its length.
#include <algorithm>
#include <array>

#include "readerkit/pinpad.hpp"

namespace readerkit {
namespace {

constexpr std::size_t kHeader = 5;  // CLA INS P1 P2 Lc

// Writes `width` bits of `value` (most significant first) at bit `offset` of `out`.
void put_bits(Bytes& out, std::size_t offset, std::size_t width, unsigned value) {
  for (std::size_t i = 0; i < width; ++i) {
    const std::size_t bit = offset + i;
    const auto mask = static_cast<std::byte>(0x80 >> (bit % 8));
    const bool one = ((value >> (width - 1 - i)) & 1u) != 0;
    out[bit / 8] = one ? (out[bit / 8] | mask) : (out[bit / 8] & ~mask);
  }
}

bool all_digits(std::string_view digits) {
  return std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

unsigned digit_value(char c, PinFormat f) {
  return f == PinFormat::ascii ? static_cast<unsigned char>(c) : static_cast<unsigned>(c - '0');
}

std::size_t digit_bits(PinFormat f) {
  return f == PinFormat::bcd ? 4 : 8;
}

// One PIN into its block, which starts `insertion` bytes into the APDU's data.
void place_pin(const PinBlockLayout& l, std::size_t insertion, std::string_view digits,
               Bytes& apdu) {
  const std::size_t block_start = (kHeader + insertion) * 8;
  const std::size_t width = digit_bits(l.format);
  const std::size_t pin_bits = digits.size() * width;
  std::size_t start = block_start + l.pin_position * (l.position_in_bytes ? 8u : 1u);
  if (l.right_justified && l.block_size != 0) start = block_start + l.block_size * 8u - pin_bits;
  for (std::size_t i = 0; i < digits.size(); ++i)
    put_bits(apdu, start + i * width, width, digit_value(digits[i], l.format));
  if (l.length_field_bits != 0) {
    const std::size_t at = block_start + l.length_position * (l.length_position_in_bytes ? 8u : 1u);
    put_bits(apdu, at, l.length_field_bits, static_cast<unsigned>(digits.size()));
  }
}

// Bits from the start of the APDU's data to the end of what a PIN of `digits` writes: the PIN
// itself and the length field, whichever ends later.
std::size_t written_end_bits(const PinBlockLayout& l, std::size_t insertion, std::size_t digits) {
  const std::size_t unit = l.position_in_bytes ? 8 : 1;
  std::size_t end = insertion * 8 + l.pin_position * unit + digits * digit_bits(l.format);
  if (l.length_field_bits != 0) {
    const std::size_t length_unit = l.length_position_in_bytes ? 8 : 1;
    end = std::max(end, insertion * 8 + l.length_position * length_unit + l.length_field_bits);
  }
  return end;
}

// Variable block: the data reaches at least the end of what was written, and Lc says how long
// it is.
void set_variable_lc(const PinBlockLayout& l, std::size_t insertion, std::size_t digits,
                     Bytes& apdu) {
  if (l.block_size != 0) return;
  const std::size_t written = (written_end_bits(l, insertion, digits) + 7) / 8;
  const std::size_t data = std::max(written, apdu.size() - kHeader);
  apdu.resize(kHeader + data);
  apdu[4] = static_cast<std::byte>(data);
}

PinError check_digits(const PinCommon& c, std::string_view digits) {
  if (!all_digits(digits) || digits.size() < c.min_digits || digits.size() > c.max_digits)
    return PinError::length_out_of_range;
  return PinError::none;
}

// Room for what a PIN of `digits` writes: a variable block grows the template, up to 255 data
// bytes; a fixed block was checked against the template when the structure was parsed.
bool make_room(const PinBlockLayout& l, std::size_t insertion, std::size_t digits, Bytes& apdu) {
  const std::size_t need = kHeader + (written_end_bits(l, insertion, digits) + 7) / 8;
  if (need > PIN_APDU_MAX) return false;
  if (need > apdu.size()) {
    if (l.block_size != 0) return false;
    apdu.resize(need, std::byte{0});
  }
  return true;
}

}  // namespace

std::string_view pin_result_name(std::span<const std::byte> answer) {
  static constexpr std::array<std::pair<PinError, std::string_view>, 5> kNames{{
      {PinError::timeout, "timeout"},
      {PinError::cancelled, "cancelled"},
      {PinError::pins_differ, "pins-differ"},
      {PinError::length_out_of_range, "length-out-of-range"},
      {PinError::invalid_structure, "invalid-structure"},
  }};
  if (answer.size() != 2) return "card";
  const auto sw = static_cast<std::uint16_t>(static_cast<unsigned>(answer[0]) << 8 |
                                             static_cast<unsigned>(answer[1]));
  for (const auto& [error, name] : kNames)
    if (static_cast<std::uint16_t>(error) == sw) return name;
  return "card";
}

Bytes pin_error_sw(PinError e) {
  const auto v = static_cast<std::uint16_t>(e);
  return {static_cast<std::byte>(v >> 8), static_cast<std::byte>(v & 0xFF)};
}

PinError build_verify_apdu(const PinVerify& v, std::string_view digits, Bytes& apdu) {
  if (PinError e = check_digits(v.common, digits); e != PinError::none) return e;
  apdu = v.common.apdu;
  if (!make_room(v.common.layout, 0, digits.size(), apdu)) return PinError::invalid_structure;
  place_pin(v.common.layout, 0, digits, apdu);
  set_variable_lc(v.common.layout, 0, digits.size(), apdu);
  return PinError::none;
}

PinError build_modify_apdu(const PinModify& m, std::string_view old_digits,
                           std::string_view new_digits, Bytes& apdu) {
  if (PinError e = check_digits(m.common, new_digits); e != PinError::none) return e;
  if (m.asks_old()) {
    if (PinError e = check_digits(m.common, old_digits); e != PinError::none) return e;
  }
  const auto& l = m.common.layout;
  apdu = m.common.apdu;
  if (m.asks_old()) {
    if (!make_room(l, m.insertion_offset_old, old_digits.size(), apdu))
      return PinError::invalid_structure;
    place_pin(l, m.insertion_offset_old, old_digits, apdu);
  }
  if (!make_room(l, m.insertion_offset_new, new_digits.size(), apdu))
    return PinError::invalid_structure;
  place_pin(l, m.insertion_offset_new, new_digits, apdu);
  set_variable_lc(l, m.insertion_offset_new, new_digits.size(), apdu);
  return PinError::none;
}

}  // namespace readerkit
