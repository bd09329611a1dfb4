// SPDX-License-Identifier: MIT
// PIN_VERIFY_STRUCTURE / PIN_MODIFY_STRUCTURE as bytes (PC/SC part 10 §2.5.2-2.5.3,
// little-endian), the inverse of pinpad_parse.cpp; or the same fields in CCID's layout.
#include "readerkit/pinpad.hpp"

namespace readerkit {
namespace {

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<std::byte>(v)); }
  void le16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v & 0xFF));
    u8(static_cast<std::uint8_t>(v >> 8));
  }
  void le32(std::uint32_t v) {
    le16(static_cast<std::uint16_t>(v & 0xFFFF));
    le16(static_cast<std::uint16_t>(v >> 16));
  }
  void bytes(std::span<const std::byte> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

void head(Writer& w, const PinCommon& c, PinStructureForm form) {
  w.u8(c.timeout_s);
  if (form == PinStructureForm::part10) w.u8(c.timeout2_s);
  for (std::uint8_t b : layout_bytes(c.layout)) w.u8(b);
}

void digit_range(Writer& w, const PinCommon& c) {
  w.le16(static_cast<std::uint16_t>(c.min_digits << 8 | c.max_digits));
}

void tail(Writer& w, const PinCommon& c, std::span<const std::uint8_t> msg_index,
          PinStructureForm form) {
  w.u8(c.entry_validation);
  w.u8(c.number_message);
  w.le16(c.lang_id);
  for (std::uint8_t m : msg_index) w.u8(m);
  for (std::uint8_t t : c.teo_prologue) w.u8(t);
  if (form == PinStructureForm::part10) w.le32(static_cast<std::uint32_t>(c.apdu.size()));
  w.bytes(c.apdu);
}

}  // namespace

std::array<std::uint8_t, 3> layout_bytes(const PinBlockLayout& l) {
  const auto format = static_cast<std::uint8_t>(
      (l.position_in_bytes ? 0x80 : 0) | (l.pin_position & 0x0F) << 3 |
      (l.right_justified ? 0x04 : 0) | static_cast<std::uint8_t>(l.format));
  const auto block =
      static_cast<std::uint8_t>((l.length_field_bits & 0x0F) << 4 | (l.block_size & 0x0F));
  const auto length = static_cast<std::uint8_t>((l.length_position_in_bytes ? 0x10 : 0) |
                                                (l.length_position & 0x0F));
  return {format, block, length};
}

Bytes encode_pin_verify(const PinVerify& v, PinStructureForm form) {
  Writer w;
  head(w, v.common, form);
  digit_range(w, v.common);
  const std::array<std::uint8_t, 1> msg{v.msg_index};
  tail(w, v.common, msg, form);
  return w.take();
}

Bytes encode_pin_modify(const PinModify& m, PinStructureForm form) {
  Writer w;
  head(w, m.common, form);
  w.u8(m.insertion_offset_old);
  w.u8(m.insertion_offset_new);
  digit_range(w, m.common);
  w.u8(m.confirm);
  tail(w, m.common, m.msg_index, form);
  return w.take();
}

}  // namespace readerkit
