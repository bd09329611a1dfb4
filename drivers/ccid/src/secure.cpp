// SPDX-License-Identifier: MIT
// PC_to_RDR_Secure from a part 10 structure (CCID §6.1.11, tables 6.1-11 and 6.1-12) and its
// answer. The structure is parsed, not sliced, so a malformed one never reaches the reader.
#include "readerkit/ccid/secure.hpp"

#include "readerkit/ccid/slot_io.hpp"
#include "readerkit/pinpad.hpp"

namespace readerkit::ccid {
namespace {

void put(Bytes& out, std::uint8_t v) {
  out.push_back(static_cast<std::byte>(v));
}
void put_le16(Bytes& out, std::uint16_t v) {
  put(out, static_cast<std::uint8_t>(v & 0xFF));
  put(out, static_cast<std::uint8_t>(v >> 8));
}

// bTimeOut and the three format bytes, the head both structures share.
void head(Bytes& out, const PinCommon& c) {
  put(out, c.timeout_s);
  for (std::uint8_t b : layout_bytes(c.layout)) put(out, b);
}

std::uint16_t digit_range(const PinCommon& c) {
  return static_cast<std::uint16_t>(c.min_digits << 8 | c.max_digits);
}

// bEntryValidationCondition, bNumberMessage, wLangId, the message indexes, bTeoPrologue, the APDU.
void tail(Bytes& out, const PinCommon& c, std::span<const std::uint8_t> msg_index) {
  put(out, c.entry_validation);
  put(out, c.number_message);
  put_le16(out, c.lang_id);
  for (std::uint8_t m : msg_index) put(out, m);
  for (std::uint8_t t : c.teo_prologue) put(out, t);
  out.insert(out.end(), c.apdu.begin(), c.apdu.end());
}

std::optional<Bytes> verification(std::span<const std::byte> structure) {
  const auto v = parse_pin_verify(structure);
  if (!v) return std::nullopt;
  Bytes out{static_cast<std::byte>(PinOperation::verify)};
  head(out, v->common);
  put_le16(out, digit_range(v->common));
  const std::uint8_t msg[] = {v->msg_index};
  tail(out, v->common, msg);
  return out;
}

std::optional<Bytes> modification(std::span<const std::byte> structure) {
  const auto m = parse_pin_modify(structure);
  if (!m) return std::nullopt;
  Bytes out{static_cast<std::byte>(PinOperation::modify)};
  head(out, m->common);
  put(out, m->insertion_offset_old);
  put(out, m->insertion_offset_new);
  put_le16(out, digit_range(m->common));
  put(out, m->confirm);
  tail(out, m->common, m->msg_index);
  return out;
}

}  // namespace

std::optional<Command> secure(std::uint8_t slot, PinOperation op,
                              std::span<const std::byte> part10_structure) {
  auto data =
      op == PinOperation::verify ? verification(part10_structure) : modification(part10_structure);
  if (!data) return std::nullopt;
  return Command{PcToRdr::PC_to_RDR_Secure, slot, {}, std::move(*data)};
}

Result<Bytes> secure_answer(const Response& response) {
  if (response.command_status() != CommandStatus::failed) return response.data;
  if (response.icc_status() == IccStatus::absent) return Status::NO_MEDIA;
  const auto word = [](PinError e) { return Result<Bytes>(pin_error_sw(e)); };
  if (response.error == static_cast<std::uint8_t>(SlotError::PIN_TIMEOUT))
    return word(PinError::timeout);
  if (response.error == static_cast<std::uint8_t>(SlotError::PIN_CANCELLED))
    return word(PinError::cancelled);
  if (response.error >= 0x01 && response.error <= 0x7F) return word(PinError::invalid_structure);
  return status_of(response);
}

}  // namespace readerkit::ccid
