// SPDX-License-Identifier: MIT
// PIN_VERIFY_STRUCTURE / PIN_MODIFY_STRUCTURE (PC/SC part 10 §2.5.2-2.5.3): little-endian
// fields, then abData. Every length and position is checked against the template here, so the
// APDU builder never writes outside it.
#include <algorithm>

#include "readerkit/pinpad.hpp"

namespace readerkit {
namespace {

class Reader {
 public:
  explicit Reader(std::span<const std::byte> in) : in_(in) {}
  std::uint8_t u8() { return static_cast<std::uint8_t>(in_[pos_++]); }
  std::uint16_t le16() {
    const std::uint16_t lo = u8();
    return static_cast<std::uint16_t>(lo | u8() << 8);
  }
  std::uint32_t le32() {
    const std::uint32_t lo = le16();
    return lo | static_cast<std::uint32_t>(le16()) << 16;
  }
  std::span<const std::byte> rest() const { return in_.subspan(pos_); }

 private:
  std::span<const std::byte> in_;
  std::size_t pos_ = 0;
};

// bmFormatString, bmPINBlockString, bmPINLengthFormat (part 10 §2.5.2; CCID §6.1.11).
std::optional<PinBlockLayout> layout_from(std::uint8_t format, std::uint8_t block,
                                          std::uint8_t length) {
  PinBlockLayout l;
  l.position_in_bytes = (format & 0x80) != 0;
  l.pin_position = static_cast<std::uint8_t>((format >> 3) & 0x0F);
  l.right_justified = (format & 0x04) != 0;
  if ((format & 0x03) == 0x03) return std::nullopt;  // RFU PIN format
  l.format = static_cast<PinFormat>(format & 0x03);
  l.length_field_bits = static_cast<std::uint8_t>(block >> 4);
  l.block_size = static_cast<std::uint8_t>(block & 0x0F);
  l.length_position_in_bytes = (length & 0x10) != 0;
  l.length_position = static_cast<std::uint8_t>(length & 0x0F);
  return l;
}

std::size_t digit_bits(PinFormat f) {
  return f == PinFormat::bcd ? 4 : 8;
}

// Bits from the PIN block's start to the end of the largest PIN, and of the length field.
bool fits(const PinBlockLayout& l, std::size_t block_bytes, std::size_t insertion,
          std::uint8_t max_digits) {
  const std::size_t unit = l.position_in_bytes ? 8 : 1;
  const std::size_t pin_bits = max_digits * digit_bits(l.format);
  // A variable block (size 0) may grow the template's data up to 255 bytes.
  const std::size_t block_bits = (l.block_size == 0 ? PIN_APDU_MAX - 5 : block_bytes) * 8;
  const std::size_t start = insertion * 8 + l.pin_position * unit;
  if (l.block_size != 0 && pin_bits > l.block_size * 8u) return false;
  if (l.block_size != 0 && insertion + l.block_size > block_bytes) return false;
  if (start + pin_bits > block_bits) return false;
  const std::size_t length_unit = l.length_position_in_bytes ? 8 : 1;
  const std::size_t length_end =
      insertion * 8 + l.length_position * length_unit + l.length_field_bits;
  return l.length_field_bits == 0 || length_end <= block_bits;
}

// The fields both structures share, in the order they come after the format bytes.
bool read_tail(Reader& r, PinCommon& c, std::span<std::uint8_t> msg_index) {
  c.entry_validation = r.u8();
  c.number_message = r.u8();
  c.lang_id = r.le16();
  for (std::uint8_t& m : msg_index) m = r.u8();
  for (std::uint8_t& t : c.teo_prologue) t = r.u8();
  const std::uint32_t data_length = r.le32();
  const auto data = r.rest();
  if (data_length != data.size() || data.size() < 5 || data.size() > PIN_APDU_MAX) return false;
  c.apdu.assign(data.begin(), data.end());
  return true;
}

bool read_digit_range(Reader& r, PinCommon& c) {
  const std::uint16_t extra = r.le16();
  c.min_digits = static_cast<std::uint8_t>(extra >> 8);
  c.max_digits = static_cast<std::uint8_t>(extra & 0xFF);
  return c.min_digits <= c.max_digits && c.max_digits > 0;
}

bool read_head(Reader& r, PinCommon& c) {
  c.timeout_s = r.u8();
  c.timeout2_s = r.u8();
  const std::uint8_t format = r.u8();
  const std::uint8_t block = r.u8();
  const std::uint8_t length = r.u8();
  auto layout = layout_from(format, block, length);
  if (!layout) return false;
  c.layout = *layout;
  return true;
}

}  // namespace

std::optional<PinVerify> parse_pin_verify(std::span<const std::byte> structure) {
  if (structure.size() < PIN_VERIFY_HEADER_SIZE) return std::nullopt;
  Reader r(structure);
  PinVerify v;
  if (!read_head(r, v.common) || !read_digit_range(r, v.common)) return std::nullopt;
  std::array<std::uint8_t, 1> msg{};
  if (!read_tail(r, v.common, msg)) return std::nullopt;
  v.msg_index = msg[0];
  const std::size_t block_bytes = v.common.apdu.size() - 5;
  if (!fits(v.common.layout, block_bytes, 0, v.common.max_digits)) return std::nullopt;
  return v;
}

std::optional<PinModify> parse_pin_modify(std::span<const std::byte> structure) {
  if (structure.size() < PIN_MODIFY_HEADER_SIZE) return std::nullopt;
  Reader r(structure);
  PinModify m;
  if (!read_head(r, m.common)) return std::nullopt;
  m.insertion_offset_old = r.u8();
  m.insertion_offset_new = r.u8();
  if (!read_digit_range(r, m.common)) return std::nullopt;
  m.confirm = r.u8();
  if ((m.confirm & ~0x03) != 0) return std::nullopt;
  if (!read_tail(r, m.common, m.msg_index)) return std::nullopt;
  const std::size_t block_bytes = m.common.apdu.size() - 5;
  const auto& l = m.common.layout;
  if (!fits(l, block_bytes, m.insertion_offset_new, m.common.max_digits)) return std::nullopt;
  if (m.asks_old() && !fits(l, block_bytes, m.insertion_offset_old, m.common.max_digits))
    return std::nullopt;
  return m;
}

}  // namespace readerkit
