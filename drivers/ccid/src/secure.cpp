// SPDX-License-Identifier: MIT
// PC_to_RDR_Secure from a part 10 structure (CCID §6.1.11, tables 6.1-11 and 6.1-12) and its
// answer. The structure is parsed, not sliced, so a malformed one never reaches the reader.
#include "readerkit/ccid/secure.hpp"

#include "readerkit/ccid/slot_io.hpp"
#include "readerkit/pinpad.hpp"

namespace readerkit::ccid {
namespace {

// bPINOperation, then the structure in CCID's layout (readerkit/pinpad.hpp's encoders).
std::optional<Bytes> secure_data(PinOperation op, std::span<const std::byte> structure) {
  Bytes data{static_cast<std::byte>(op)};
  Bytes fields;
  if (op == PinOperation::verify) {
    const auto v = parse_pin_verify(structure);
    if (!v) return std::nullopt;
    fields = encode_pin_verify(*v, PinStructureForm::ccid);
  } else {
    const auto m = parse_pin_modify(structure);
    if (!m) return std::nullopt;
    fields = encode_pin_modify(*m, PinStructureForm::ccid);
  }
  data.insert(data.end(), fields.begin(), fields.end());
  return data;
}

}  // namespace

std::optional<Command> secure(std::uint8_t slot, PinOperation op,
                              std::span<const std::byte> part10_structure) {
  auto data = secure_data(op, part10_structure);
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
