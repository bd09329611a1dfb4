// SPDX-License-Identifier: MIT
#include "card_connection.hpp"

#include <algorithm>
#include <array>

#include "pcsc_status.hpp"

namespace readerkit::pcsc::detail {
namespace {

// The largest response SCardTransmit can return: an extended Le of 65536 and SW1 SW2.
constexpr std::size_t kMaxResponse = 65536 + 2;

constexpr std::array kResetDisposition{
    std::pair{PowerAction::SCARD_COLD_RESET, static_cast<DWORD>(SCARD_UNPOWER_CARD)},
    std::pair{PowerAction::SCARD_WARM_RESET, static_cast<DWORD>(SCARD_RESET_CARD)},
};

DWORD pcsc_protocols(std::uint32_t readerkit_bits) {
  DWORD out = 0;
  if ((readerkit_bits & SCARD_PROTOCOL_T0) != 0) out |= kPcscT0;
  if ((readerkit_bits & SCARD_PROTOCOL_T1) != 0) out |= kPcscT1;
  return out;
}

}  // namespace

CardConnection::CardConnection(const WinscardApi& api, std::string reader_name, bool exclusive,
                               std::uint32_t protocols)
    : api_(api), name_(std::move(reader_name)), exclusive_(exclusive), protocols_(protocols) {}

CardConnection::~CardConnection() {
  if (connected_) api_.disconnect(handle_, SCARD_LEAVE_CARD);
  if (context_ != 0) api_.release_context(context_);
}

bool CardConnection::open(std::string& error) {
  const LONG rv = api_.establish_context(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context_);
  if (rv != SCARD_S_SUCCESS) error = "pcsc: no PC/SC service (" + std::to_string(rv) + ")";
  return rv == SCARD_S_SUCCESS;
}

DWORD CardConnection::share_mode() const {
  return exclusive_ ? SCARD_SHARE_EXCLUSIVE : SCARD_SHARE_SHARED;
}

void CardConnection::drop_handle(DWORD disposition) {
  if (connected_) api_.disconnect(handle_, disposition);
  connected_ = direct_ = stale_ = false;
  active_ = 0;
}

Status CardConnection::connect(DWORD share, DWORD protocols) {
  const LONG rv = api_.connect(context_, name_.c_str(), share, protocols, &handle_, &active_);
  connected_ = rv == SCARD_S_SUCCESS;
  direct_ = connected_ && share == SCARD_SHARE_DIRECT;
  return status_from_pcsc(rv);
}

Status CardConnection::reconnect(DWORD initialization) {
  const LONG rv = api_.reconnect(handle_, share_mode(), pcsc_protocols(protocols_),
                                 initialization, &active_);
  if (rv != SCARD_S_SUCCESS) drop_handle(SCARD_LEAVE_CARD);
  return status_from_pcsc(rv);
}

Status CardConnection::read_atr(Bytes& atr) {
  std::array<BYTE, MAX_ATR_SIZE> buffer{};
  DWORD atr_length = buffer.size(), state = 0, protocol = 0;
  const LONG rv =
      api_.status(handle_, nullptr, nullptr, &state, &protocol, buffer.data(), &atr_length);
  if (rv != SCARD_S_SUCCESS) return status_from_pcsc(rv);
  const auto* first = reinterpret_cast<const std::byte*>(buffer.data());
  atr.assign(first, first + std::min<std::size_t>(atr_length, buffer.size()));
  return Status::SUCCESS;
}

Status CardConnection::power_up(PowerAction action, Bytes& atr) {
  std::lock_guard lock(mutex_);
  if (connected_ && (stale_ || direct_)) drop_handle(SCARD_LEAVE_CARD);
  Status s = Status::SUCCESS;
  if (!connected_) {
    s = connect(share_mode(), pcsc_protocols(protocols_));  // pcscd powers the card up
  } else {
    for (const auto& [row_action, disposition] : kResetDisposition)
      if (row_action == action) s = reconnect(disposition);
  }
  return s == Status::SUCCESS ? read_atr(atr) : s;
}

Status CardConnection::power_down() {
  std::lock_guard lock(mutex_);
  if (!connected_) return Status::SUCCESS;
  const LONG rv = api_.disconnect(handle_, SCARD_UNPOWER_CARD);
  connected_ = direct_ = stale_ = false;
  return rv == SCARD_E_INVALID_HANDLE ? Status::SUCCESS : status_from_pcsc(rv);
}

Status CardConnection::select_protocol(std::uint32_t protocol) {
  std::lock_guard lock(mutex_);
  if (!connected_ || direct_ || stale_) return Status::NO_MEDIA;
  const DWORD wanted = pcsc_protocols(protocol);
  if (active_ == wanted) return Status::SUCCESS;
  const LONG rv = api_.reconnect(handle_, share_mode(), wanted, SCARD_RESET_CARD, &active_);
  if (rv != SCARD_S_SUCCESS) return status_from_pcsc(rv);
  return active_ == wanted ? Status::SUCCESS : Status::NOT_SUPPORTED;
}

Status CardConnection::transmit(std::uint32_t protocol, std::span<const std::byte> command,
                                Bytes& response) {
  std::lock_guard lock(mutex_);
  if (!connected_ || direct_ || stale_) return Status::NO_MEDIA;
  const SCARD_IO_REQUEST pci{pcsc_protocols(protocol), sizeof(SCARD_IO_REQUEST)};
  const std::size_t start = response.size();
  response.resize(start + kMaxResponse);
  DWORD length = kMaxResponse;
  const LONG rv = api_.transmit(handle_, &pci, reinterpret_cast<const BYTE*>(command.data()),
                                static_cast<DWORD>(command.size()), nullptr,
                                reinterpret_cast<BYTE*>(response.data() + start), &length);
  response.resize(start + (rv == SCARD_S_SUCCESS ? std::min<std::size_t>(length, kMaxResponse) : 0));
  return status_from_pcsc(rv);
}

Status CardConnection::get_attribute(std::uint32_t id, Bytes& value) {
  std::lock_guard lock(mutex_);
  if (connected_ && stale_) drop_handle(SCARD_LEAVE_CARD);
  if (!connected_) {
    if (Status s = connect(SCARD_SHARE_DIRECT, 0); s != Status::SUCCESS) return s;
  }
  DWORD length = 0;
  LONG rv = api_.get_attrib(handle_, id, nullptr, &length);
  if (rv != SCARD_S_SUCCESS) return status_from_pcsc(rv);
  value.resize(length);
  rv = api_.get_attrib(handle_, id, reinterpret_cast<BYTE*>(value.data()), &length);
  value.resize(rv == SCARD_S_SUCCESS ? std::min<std::size_t>(length, value.size()) : 0);
  return status_from_pcsc(rv);
}

Status CardConnection::control(std::uint32_t function, std::span<const std::byte> in,
                               Bytes& out) {
  std::lock_guard lock(mutex_);
  if (connected_ && stale_) drop_handle(SCARD_LEAVE_CARD);
  if (!connected_) {
    if (Status s = connect(SCARD_SHARE_DIRECT, 0); s != Status::SUCCESS) return s;
  }
  DWORD returned = 0;
  const DWORD capacity = static_cast<DWORD>(out.size());
  const LONG rv = api_.control(handle_, pcsc_control_code(function), in.data(),
                               static_cast<DWORD>(in.size()), out.data(), capacity, &returned);
  out.resize(rv == SCARD_S_SUCCESS ? std::min<std::size_t>(returned, capacity) : 0);
  return status_from_pcsc(rv);
}

void CardConnection::card_gone() {
  std::lock_guard lock(mutex_);
  stale_ = true;
}

}  // namespace readerkit::pcsc::detail
