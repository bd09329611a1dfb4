// SPDX-License-Identifier: MIT
// Slot operations over the channel; CCID bError values become ReaderKit statuses in one table.
#include "readerkit/ccid/slot_io.hpp"

#include "readerkit/pinpad.hpp"

#include <algorithm>
#include <array>

namespace readerkit::ccid {
namespace {

struct ErrorStatus {
  SlotError error;
  Status status;
};

// CCID §6.2.6 errors → the statuses of docs/contract/ioctl.md §7.
constexpr std::array kErrorStatus{
    ErrorStatus{SlotError::ICC_MUTE, Status::IO_TIMEOUT},
    ErrorStatus{SlotError::CMD_NOT_SUPPORTED, Status::NOT_SUPPORTED},
    ErrorStatus{SlotError::CMD_SLOT_BUSY, Status::DEVICE_BUSY},
    ErrorStatus{SlotError::CMD_ABORTED, Status::CANCELLED},
    ErrorStatus{SlotError::BAD_ATR_TS, Status::UNRECOGNIZED_MEDIA},
    ErrorStatus{SlotError::BAD_ATR_TCK, Status::UNRECOGNIZED_MEDIA},
    ErrorStatus{SlotError::ICC_CLASS_NOT_SUPPORTED, Status::NOT_SUPPORTED},
    ErrorStatus{SlotError::ICC_PROTOCOL_NOT_SUPPORTED, Status::NOT_SUPPORTED},
    ErrorStatus{SlotError::PIN_TIMEOUT, Status::IO_TIMEOUT},
    ErrorStatus{SlotError::PIN_CANCELLED, Status::CANCELLED},
};

constexpr std::uint16_t level(Chain c) { return static_cast<std::uint16_t>(c); }

}  // namespace

Status status_of(const Response& response) {
  if (response.command_status() == CommandStatus::processed) return Status::SUCCESS;
  if (response.icc_status() == IccStatus::absent) return Status::NO_MEDIA;
  for (const auto& row : kErrorStatus) {
    if (static_cast<std::uint8_t>(row.error) == response.error) return row.status;
  }
  return Status::DEVICE_PROTOCOL_ERROR;  // parity, overrun, hardware, RFU, bad parameter
}

SlotIo::SlotIo(Channel& channel, std::uint8_t slot, const ClassDescriptor& descriptor,
               const Quirks& quirks)
    : channel_(channel), slot_(slot), descriptor_(descriptor), quirks_(quirks) {}

std::size_t SlotIo::max_data() const {
  return std::max<std::size_t>(channel_.limits().max_message_length, kHeaderSize + 1) -
         kHeaderSize;
}

Result<Response> SlotIo::run(const Command& command) {
  auto r = channel_.transact(command);
  if (!r) return r.status();
  if (auto s = status_of(*r); s != Status::SUCCESS) return s;
  return r;
}

Result<Bytes> SlotIo::power_on_with(Voltage voltage) {
  auto r = run(icc_power_on(slot_, voltage));
  if (!r) return r.status();
  if (r->type != RdrToPc::RDR_to_PC_DataBlock) return Status::DEVICE_PROTOCOL_ERROR;
  return std::move(r->data);
}

Result<Bytes> SlotIo::power_on() {
  if (descriptor_.has(feature::AUTO_VOLTAGE) || quirks_.has(quirk::POWER_AUTOMATIC_ONLY)) {
    return power_on_with(Voltage::automatic);
  }
  // bVoltageSupport bits 5.0V 0x01, 3.0V 0x02, 1.8V 0x04: lowest class first.
  constexpr std::array<std::pair<std::uint8_t, Voltage>, 3> kClasses{
      {{0x04, Voltage::v1_8}, {0x02, Voltage::v3_0}, {0x01, Voltage::v5_0}}};
  Status last = Status::NOT_SUPPORTED;
  for (const auto& [bit, voltage] : kClasses) {
    if ((descriptor_.bVoltageSupport & bit) == 0) continue;
    auto atr = power_on_with(voltage);
    if (atr || atr.status() == Status::NO_MEDIA) return atr;
    last = atr.status();
    (void)power_off();  // deactivate before the next class (§6.2.4)
  }
  return last;
}

Status SlotIo::power_off() {
  auto r = channel_.transact(icc_power_off(slot_));
  if (!r) return r.status();
  // A card removed meanwhile is powered off all the same.
  const Status s = status_of(*r);
  return s == Status::NO_MEDIA ? Status::SUCCESS : s;
}

Result<Response> SlotIo::slot_status() { return channel_.transact(get_slot_status(slot_)); }

Result<Bytes> SlotIo::xfr_block(std::span<const std::byte> data, std::uint16_t lvl) {
  if (data.size() > max_data()) return Status::INVALID_PARAMETER;
  auto r = run(ccid::xfr_block(slot_, data, lvl));
  if (!r) return r.status();
  if (r->type != RdrToPc::RDR_to_PC_DataBlock) return Status::DEVICE_PROTOCOL_ERROR;
  return std::move(r->data);
}

Result<Bytes> SlotIo::transmit_apdu(std::span<const std::byte> apdu) {
  const std::size_t chunk = max_data();
  const bool chained = apdu.size() > chunk;
  if (chained && descriptor_.exchange_level() != ExchangeLevel::extended_apdu) {
    return Status::INVALID_PARAMETER;  // a short APDU reader takes one message only
  }
  Result<Response> r = Status::DEVICE_PROTOCOL_ERROR;
  for (std::size_t off = 0; off == 0 || off < apdu.size(); off += chunk) {
    const auto part = apdu.subspan(off, std::min(chunk, apdu.size() - off));
    const bool first = off == 0;
    const bool last = off + part.size() >= apdu.size();
    const Chain c = !chained ? Chain::begins_and_ends
                    : first  ? Chain::begins_continues
                    : last   ? Chain::continues_ends
                             : Chain::continues_continues;
    r = run(ccid::xfr_block(slot_, part, level(c)));
    if (!r) return r.status();
    if (!last && r->specific != static_cast<std::uint8_t>(Chain::empty_continue)) {
      return Status::DEVICE_PROTOCOL_ERROR;  // the reader must ask for the rest (§6.2.1)
    }
  }
  Bytes response = std::move(r->data);
  // bChainParameter 01/03: more response follows; ask with an empty XfrBlock (level 0x10).
  for (unsigned pieces = 0; r->specific == 0x01 || r->specific == 0x03; ++pieces) {
    if (pieces > 1100 || response.size() > 65'538) return Status::DEVICE_PROTOCOL_ERROR;
    r = run(ccid::xfr_block(slot_, {}, level(Chain::empty_continue)));
    if (!r) return r.status();
    if (r->specific != 0x02 && r->specific != 0x03) return Status::DEVICE_PROTOCOL_ERROR;
    response.insert(response.end(), r->data.begin(), r->data.end());
  }
  return response;
}

Result<ProtocolData> SlotIo::get_parameters() {
  auto r = run(ccid::get_parameters(slot_));
  if (!r) return r.status();
  return parse_protocol_data(*r);
}

Status SlotIo::set_parameters(const ProtocolData& parameters) {
  auto r = run(ccid::set_parameters(slot_, parameters.protocol, parameters.encode()));
  if (!r) return r.status();
  return r->type == RdrToPc::RDR_to_PC_Parameters ? Status::SUCCESS
                                                   : Status::DEVICE_PROTOCOL_ERROR;
}

Result<Bytes> SlotIo::escape(std::span<const std::byte> data) {
  if (quirks_.has(quirk::NO_ESCAPE)) return Status::NOT_SUPPORTED;
  if (data.size() > max_data()) return Status::INVALID_PARAMETER;
  auto r = run(ccid::escape(slot_, data));
  if (!r) return r.status();
  if (r->type != RdrToPc::RDR_to_PC_Escape) return Status::DEVICE_PROTOCOL_ERROR;
  return std::move(r->data);
}

Result<Bytes> SlotIo::secure(PinOperation operation, std::span<const std::byte> part10_structure) {
  auto command = ccid::secure(slot_, operation, part10_structure);
  if (!command) return pin_error_sw(PinError::invalid_structure);
  if (command->data.size() > max_data()) return Status::INVALID_PARAMETER;
  // Not run(): a failed Secure is an answer (64 00, 64 01, 6B 80), not only a status.
  auto r = channel_.transact(*command);
  if (!r) return r.status();
  if (r->type != RdrToPc::RDR_to_PC_DataBlock) return Status::DEVICE_PROTOCOL_ERROR;
  return secure_answer(*r);
}

Status SlotIo::abort() { return channel_.abort(slot_); }

}  // namespace readerkit::ccid
