// SPDX-License-Identifier: MIT
// CCID message encoding and decoding (USB CCID rev 1.1 §6).
#include "readerkit/ccid/message.hpp"

#include <optional>

namespace readerkit::ccid {
namespace {

std::byte b(std::uint32_t v) {
  return static_cast<std::byte>(v & 0xFF);
}
std::uint8_t u8(std::byte v) {
  return std::to_integer<std::uint8_t>(v);
}

Command make(PcToRdr type, std::uint8_t slot, std::array<std::uint8_t, 3> specific = {},
             std::span<const std::byte> data = {}) {
  return Command{type, slot, specific, Bytes(data.begin(), data.end())};
}

bool is_bulk_response(std::uint8_t type) {
  return type >= static_cast<std::uint8_t>(RdrToPc::RDR_to_PC_DataBlock) &&
         type <= static_cast<std::uint8_t>(RdrToPc::RDR_to_PC_DataRateAndClockFrequency);
}

}  // namespace

Bytes Command::encode(std::uint8_t seq) const {
  Bytes out(kHeaderSize + data.size());
  out[0] = b(static_cast<std::uint8_t>(type));
  store_le32(std::span(out).subspan(1, 4), static_cast<std::uint32_t>(data.size()));
  out[5] = b(slot);
  out[6] = b(seq);
  for (std::size_t i = 0; i < 3; ++i) out[7 + i] = b(specific[i]);
  std::copy(data.begin(), data.end(), out.begin() + kHeaderSize);
  return out;
}

Result<ReceivedCommand> parse_command(std::span<const std::byte> frame) {
  auto length = message_length(frame);
  if (!length || *length != frame.size()) return Status::DEVICE_PROTOCOL_ERROR;
  ReceivedCommand r;
  r.command.type = static_cast<PcToRdr>(u8(frame[0]));
  r.command.slot = u8(frame[5]);
  r.seq = u8(frame[6]);
  for (std::size_t i = 0; i < 3; ++i) r.command.specific[i] = u8(frame[7 + i]);
  r.command.data.assign(frame.begin() + kHeaderSize, frame.end());
  return r;
}

Bytes Response::encode() const {
  Bytes out(kHeaderSize + data.size());
  out[0] = b(static_cast<std::uint8_t>(type));
  store_le32(std::span(out).subspan(1, 4), static_cast<std::uint32_t>(data.size()));
  out[5] = b(slot);
  out[6] = b(seq);
  out[7] = b(status);
  out[8] = b(error);
  out[9] = b(specific);
  std::copy(data.begin(), data.end(), out.begin() + kHeaderSize);
  return out;
}

Command icc_power_on(std::uint8_t slot, Voltage voltage) {
  return make(PcToRdr::PC_to_RDR_IccPowerOn, slot, {static_cast<std::uint8_t>(voltage), 0, 0});
}
Command icc_power_off(std::uint8_t slot) {
  return make(PcToRdr::PC_to_RDR_IccPowerOff, slot);
}
Command get_slot_status(std::uint8_t slot) {
  return make(PcToRdr::PC_to_RDR_GetSlotStatus, slot);
}
Command xfr_block(std::uint8_t slot, std::span<const std::byte> data, std::uint16_t level,
                  std::uint8_t bwi) {
  return make(PcToRdr::PC_to_RDR_XfrBlock, slot,
              {bwi, static_cast<std::uint8_t>(level & 0xFF), static_cast<std::uint8_t>(level >> 8)},
              data);
}
Command get_parameters(std::uint8_t slot) {
  return make(PcToRdr::PC_to_RDR_GetParameters, slot);
}
Command reset_parameters(std::uint8_t slot) {
  return make(PcToRdr::PC_to_RDR_ResetParameters, slot);
}
Command set_parameters(std::uint8_t slot, std::uint8_t protocol,
                       std::span<const std::byte> protocol_data) {
  return make(PcToRdr::PC_to_RDR_SetParameters, slot, {protocol, 0, 0}, protocol_data);
}
Command escape(std::uint8_t slot, std::span<const std::byte> data) {
  return make(PcToRdr::PC_to_RDR_Escape, slot, {}, data);
}
Command abort(std::uint8_t slot) {
  return make(PcToRdr::PC_to_RDR_Abort, slot);
}

std::optional<std::size_t> message_length(std::span<const std::byte> header) {
  if (header.size() < kHeaderSize) return std::nullopt;
  return kHeaderSize + std::size_t{load_le32(header.subspan(1, 4))};
}

Result<Response> parse_response(std::span<const std::byte> frame) {
  auto length = message_length(frame);
  if (!length || *length != frame.size() || !is_bulk_response(u8(frame[0]))) {
    return Status::DEVICE_PROTOCOL_ERROR;
  }
  Response r;
  r.type = static_cast<RdrToPc>(u8(frame[0]));
  r.slot = u8(frame[5]);
  r.seq = u8(frame[6]);
  r.status = u8(frame[7]);
  r.error = u8(frame[8]);
  r.specific = u8(frame[9]);
  r.data.assign(frame.begin() + kHeaderSize, frame.end());
  return r;
}

Bytes notify_slot_change(std::size_t slot_count, std::span<const SlotChange> slots) {
  Bytes out(1 + (slot_count + 3) / 4);
  out[0] = b(static_cast<std::uint8_t>(RdrToPc::RDR_to_PC_NotifySlotChange));
  for (const auto& s : slots) {
    if (s.slot >= slot_count) continue;
    const auto bits = static_cast<std::uint8_t>((s.present ? 1 : 0) | (s.changed ? 2 : 0));
    auto& cell = out[1 + s.slot / 4];
    cell |= b(static_cast<std::uint32_t>(bits) << (2 * (s.slot % 4)));
  }
  return out;
}

Result<std::vector<SlotChange>> parse_interrupt(std::span<const std::byte> message) {
  if (message.empty()) return Status::DEVICE_PROTOCOL_ERROR;
  const auto type = u8(message[0]);
  if (type == static_cast<std::uint8_t>(RdrToPc::RDR_to_PC_HardwareError)) {
    if (message.size() < 4) return Status::DEVICE_PROTOCOL_ERROR;
    return std::vector<SlotChange>{};
  }
  if (type != static_cast<std::uint8_t>(RdrToPc::RDR_to_PC_NotifySlotChange) ||
      message.size() < 2) {
    return Status::DEVICE_PROTOCOL_ERROR;
  }
  // bmSlotICCState: two bits per slot, bit 0 present, bit 1 changed (§6.3.1).
  std::vector<SlotChange> slots;
  for (std::size_t i = 1; i < message.size(); ++i) {
    const auto bits = u8(message[i]);
    for (std::uint8_t k = 0; k < 4; ++k) {
      const auto pair = static_cast<std::uint8_t>(bits >> (2 * k));
      slots.push_back(
          {static_cast<std::uint8_t>((i - 1) * 4 + k), (pair & 1) != 0, (pair & 2) != 0});
    }
  }
  return slots;
}

Bytes ProtocolData::encode() const {
  Bytes out{b(fi_di), b(tcck), b(guard_time), b(waiting), b(clock_stop)};
  if (protocol == 1) {
    out.push_back(b(ifsc));
    out.push_back(b(nad));
  }
  return out;
}

Result<ProtocolData> parse_protocol_data(const Response& response) {
  const std::size_t need = response.specific == 1 ? 7 : 5;
  if (response.type != RdrToPc::RDR_to_PC_Parameters || response.specific > 1 ||
      response.data.size() < need) {
    return Status::DEVICE_PROTOCOL_ERROR;
  }
  const auto& d = response.data;
  ProtocolData p;
  p.protocol = response.specific;
  p.fi_di = u8(d[0]);
  p.tcck = u8(d[1]);
  p.guard_time = u8(d[2]);
  p.waiting = u8(d[3]);
  p.clock_stop = u8(d[4]);
  if (p.protocol == 1) {
    p.ifsc = u8(d[5]);
    p.nad = u8(d[6]);
  }
  return p;
}

}  // namespace readerkit::ccid
