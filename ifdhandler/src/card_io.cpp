// SPDX-License-Identifier: MIT
#include "card_io.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <string>

#include "ifd_codes.hpp"
#include "readerkit/atr.hpp"
#include "readerkit/bytes.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::ifd {
namespace {

// The longest ATR (ISO/IEC 7816-3 §8.2.1): POWER needs this much output before any I/O.

struct PowerRow {
  DWORD action;
  PowerAction power;
};
constexpr std::array kPowerActions{
    PowerRow{IFD_POWER_UP, PowerAction::SCARD_COLD_RESET},
    PowerRow{IFD_RESET, PowerAction::SCARD_WARM_RESET},
    PowerRow{IFD_POWER_DOWN, PowerAction::SCARD_POWER_DOWN},
};

struct ProtocolRow {
  DWORD pcsc;              // what pcscd passes
  std::uint32_t readerkit; // the SCARD_PROTOCOL_* bit of the IOCTL contract
};
// IFDHSetProtocolParameters gets pcsc-lite's mask values.
constexpr std::array kSetProtocol{
    ProtocolRow{kPcscProtocolT0, SCARD_PROTOCOL_T0},
    ProtocolRow{kPcscProtocolT1, SCARD_PROTOCOL_T1},
    ProtocolRow{kPcscProtocolRaw, SCARD_PROTOCOL_RAW},
};
// SCARD_IO_HEADER.Protocol counts from 0 for T=0 ("T=n"); RAW keeps pcsc-lite's value.
constexpr std::array kPciProtocol{
    ProtocolRow{0, SCARD_PROTOCOL_T0},
    ProtocolRow{1, SCARD_PROTOCOL_T1},
    ProtocolRow{kPcscProtocolRaw, SCARD_PROTOCOL_RAW},
};

template <std::size_t N>
std::optional<std::uint32_t> lookup(const std::array<ProtocolRow, N>& table, DWORD value) {
  for (const auto& row : table) {
    if (row.pcsc == value) return row.readerkit;
  }
  return std::nullopt;
}

}  // namespace

RESPONSECODE power_icc(const Slot& slot, DWORD action, std::span<std::byte> atr,
                       std::size_t& atr_length) {
  atr_length = 0;
  const auto row = std::find_if(kPowerActions.begin(), kPowerActions.end(),
                                [&](const PowerRow& r) { return r.action == action; });
  if (row == kPowerActions.end()) return IFD_NOT_SUPPORTED;
  const Bytes request = le32_bytes(static_cast<std::uint32_t>(row->power));
  std::array<std::byte, ATR_MAX_LENGTH> answer{};
  const IoResult r = slot.device->control(IOCTL_SMARTCARD_POWER, request, answer);
  if (r.status != Status::SUCCESS) return to_ifd_code(IfdFunction::power, r.status);
  if (r.information > atr.size()) return IFD_COMMUNICATION_ERROR;  // only with no ATR buffer
  std::copy_n(answer.begin(), r.information, atr.begin());
  atr_length = r.information;
  return IFD_SUCCESS;
}

RESPONSECODE set_protocol(const Slot& slot, DWORD protocol, UCHAR flags, UCHAR pts1) {
  const auto mask = lookup(kSetProtocol, protocol);
  if (!mask) return IFD_PROTOCOL_NOT_SUPPORTED;
  const bool default_rate = (flags & IFD_NEGOTIATE_PTS1) != 0 && pts1 == 0x11;
  const Bytes request = le32_bytes(*mask | (default_rate ? SCARD_PROTOCOL_DEFAULT : 0));
  std::array<std::byte, 4> selected{};
  const IoResult r = slot.device->control(IOCTL_SMARTCARD_SET_PROTOCOL, request, selected);
  if (r.status != Status::SUCCESS) return to_ifd_code(IfdFunction::set_protocol, r.status);
  if ((flags & IFD_NEGOTIATE_PTS1) != 0 && !default_rate) {
    const CardCapabilities card = slot.device->card();
    char line[96];
    std::snprintf(line, sizeof line, "PTS1 0x%02X asked; the library negotiated F=%u D=%u",
                  static_cast<unsigned>(pts1), card.f, card.d);
    slot.entry->log(LogLevel::PROTOCOL, line);
  }
  return IFD_SUCCESS;
}

RESPONSECODE transmit(const Slot& slot, DWORD pci_protocol, std::span<const std::byte> command,
                      std::span<std::byte> response, std::size_t& response_length) {
  response_length = 0;
  const auto protocol = lookup(kPciProtocol, pci_protocol);
  if (!protocol) return IFD_PROTOCOL_NOT_SUPPORTED;
  if (command.size() > kMaxApduBuffer) return IFD_COMMUNICATION_ERROR;
  // One buffer for both directions (the contract allows aliasing): header + data in,
  // header + response out. It belongs to pcscd's calling thread and is reused, so an APDU
  // neither allocates nor clears 64 KiB (pcscd offers the largest response buffer every time).
  const std::size_t capacity = SCARD_IO_REQUEST_SIZE + std::min(response.size(), kMaxApduBuffer);
  thread_local Bytes buffer;
  buffer.resize(std::max(SCARD_IO_REQUEST_SIZE + command.size(), capacity));
  store_le32(buffer, *protocol);
  store_le32(std::span(buffer).subspan(4), static_cast<std::uint32_t>(SCARD_IO_REQUEST_SIZE));
  std::copy(command.begin(), command.end(), buffer.begin() + SCARD_IO_REQUEST_SIZE);
  const std::span<const std::byte> in(buffer.data(), SCARD_IO_REQUEST_SIZE + command.size());
  const IoResult r = slot.device->control(IOCTL_SMARTCARD_TRANSMIT, in,
                                          std::span(buffer.data(), capacity));
  if (r.status != Status::SUCCESS) return to_ifd_code(IfdFunction::transmit, r.status);
  if (r.information < SCARD_IO_REQUEST_SIZE) return IFD_COMMUNICATION_ERROR;
  const std::size_t length = r.information - SCARD_IO_REQUEST_SIZE;
  std::copy_n(buffer.begin() + SCARD_IO_REQUEST_SIZE, length, response.begin());
  response_length = length;
  return IFD_SUCCESS;
}

RESPONSECODE icc_presence(const Slot& slot) {
  std::array<std::byte, 4> state{};
  const IoResult r = slot.device->control(IOCTL_SMARTCARD_GET_STATE, {}, state);
  if (r.status != Status::SUCCESS) return to_ifd_code(IfdFunction::presence, r.status);
  const bool present = load_le32(state) >= static_cast<std::uint32_t>(CardState::SCARD_PRESENT);
  note_reported_presence(*slot.events, present);
  return present ? IFD_ICC_PRESENT : IFD_ICC_NOT_PRESENT;
}

}  // namespace readerkit::ifd
