// SPDX-License-Identifier: MIT
// The PC_to_RDR messages of one slot (CCID rev 1.1 §6.1), one table row per message.
#include "slot_commands.hpp"

#include <algorithm>
#include <array>

#include "pin_structure.hpp"
#include "readerkit/apdu.hpp"
#include "readerkit/capabilities.hpp"
#include "readerkit/ioctl.hpp"
#include "slot_calls.hpp"

namespace readerkit::ccid_device {

using ccid::CommandStatus;
using ccid::PcToRdr;
using ccid::RdrToPc;
using ccid::SlotError;
using Outcome = SlotCommands::Outcome;

struct SlotCommands::Row {
  PcToRdr type;
  RdrToPc answer;
  Outcome (SlotCommands::*run)(const ccid::Command&);
};

namespace {

// Offsets of the fields a "bad parameter" bError names (CCID §6.2.6: the offset of the field).
constexpr std::uint8_t kOffsetSpecific = 7;  // bPowerSelect, bProtocolNum, bBWI
constexpr std::uint8_t kOffsetLevel = 8;     // wLevelParameter
constexpr std::uint8_t kOffsetData = 10;     // abData

constexpr std::uint8_t kChainContinue = static_cast<std::uint8_t>(ccid::Chain::empty_continue);

Outcome ok(Bytes data = {}, std::uint8_t specific = 0) {
  return Outcome{CommandStatus::processed, 0, specific, std::move(data)};
}
Outcome failed(SlotError e) {
  return Outcome{CommandStatus::failed, static_cast<std::uint8_t>(e), 0, {}};
}
Outcome bad_parameter(std::uint8_t offset) {
  return Outcome{CommandStatus::failed, offset, 0, {}};
}

struct StatusError {
  Status status;
  SlotError error;
};

// How a Device status reads at the CCID level; anything else is HW_ERROR.
constexpr std::array kStatusErrors{
    StatusError{Status::NO_MEDIA, SlotError::ICC_MUTE},
    StatusError{Status::IO_TIMEOUT, SlotError::ICC_MUTE},
    StatusError{Status::INVALID_DEVICE_STATE, SlotError::ICC_MUTE},
    StatusError{Status::UNRECOGNIZED_MEDIA, SlotError::BAD_ATR_TS},
    StatusError{Status::DEVICE_PROTOCOL_ERROR, SlotError::XFR_PARITY_ERROR},
    StatusError{Status::NOT_SUPPORTED, SlotError::ICC_PROTOCOL_NOT_SUPPORTED},
    StatusError{Status::BUFFER_TOO_SMALL, SlotError::XFR_OVERRUN},
    StatusError{Status::CANCELLED, SlotError::CMD_ABORTED},
};

Outcome failed(Status s) {
  const auto* row = std::find_if(kStatusErrors.begin(), kStatusErrors.end(),
                                 [&](const StatusError& e) { return e.status == s; });
  return failed(row == kStatusErrors.end() ? SlotError::HW_ERROR : row->error);
}

bool has(const Bytes& b, std::initializer_list<std::uint8_t> word) {
  return b.size() == word.size() &&
         std::equal(b.begin(), b.end(), word.begin(), [](std::byte x, std::uint8_t y) {
           return std::to_integer<std::uint8_t>(x) == y;
         });
}

std::uint8_t protocol_number(std::uint32_t protocol) {
  return protocol == SCARD_PROTOCOL_T1 ? 1 : 0;
}

}  // namespace

ccid::IccStatus icc_status(const Device& device) {
  switch (device.state()) {
    case CardState::SCARD_POWERED:
    case CardState::SCARD_NEGOTIABLE:
    case CardState::SCARD_SPECIFIC:
      return ccid::IccStatus::active;
    case CardState::SCARD_PRESENT:
    case CardState::SCARD_SWALLOWED:
      return ccid::IccStatus::present_inactive;
    default:
      return ccid::IccStatus::absent;
  }
}

SlotCommands::SlotCommands(Device& device, const Profile& profile, std::uint8_t slot)
    : device_(device), profile_(profile), slot_(slot) {}

const SlotCommands::Row* SlotCommands::find(PcToRdr type) {
  static constexpr std::array<Row, 14> kRows{{
      {PcToRdr::PC_to_RDR_IccPowerOn, RdrToPc::RDR_to_PC_DataBlock, &SlotCommands::power_on},
      {PcToRdr::PC_to_RDR_IccPowerOff, RdrToPc::RDR_to_PC_SlotStatus, &SlotCommands::power_off},
      {PcToRdr::PC_to_RDR_GetSlotStatus, RdrToPc::RDR_to_PC_SlotStatus, &SlotCommands::slot_status},
      {PcToRdr::PC_to_RDR_XfrBlock, RdrToPc::RDR_to_PC_DataBlock, &SlotCommands::xfr_block},
      {PcToRdr::PC_to_RDR_GetParameters, RdrToPc::RDR_to_PC_Parameters,
       &SlotCommands::get_parameters},
      {PcToRdr::PC_to_RDR_ResetParameters, RdrToPc::RDR_to_PC_Parameters,
       &SlotCommands::reset_parameters},
      {PcToRdr::PC_to_RDR_SetParameters, RdrToPc::RDR_to_PC_Parameters,
       &SlotCommands::set_parameters},
      {PcToRdr::PC_to_RDR_Escape, RdrToPc::RDR_to_PC_Escape, &SlotCommands::not_supported},
      {PcToRdr::PC_to_RDR_IccClock, RdrToPc::RDR_to_PC_SlotStatus, &SlotCommands::slot_status},
      {PcToRdr::PC_to_RDR_T0APDU, RdrToPc::RDR_to_PC_SlotStatus, &SlotCommands::slot_status},
      {PcToRdr::PC_to_RDR_Secure, RdrToPc::RDR_to_PC_DataBlock, &SlotCommands::secure},
      {PcToRdr::PC_to_RDR_Mechanical, RdrToPc::RDR_to_PC_SlotStatus, &SlotCommands::not_supported},
      {PcToRdr::PC_to_RDR_Abort, RdrToPc::RDR_to_PC_SlotStatus, &SlotCommands::abort},
      {PcToRdr::PC_to_RDR_SetDataRateAndClockFrequency,
       RdrToPc::RDR_to_PC_DataRateAndClockFrequency, &SlotCommands::data_rate_and_clock},
  }};
  const auto* it =
      std::find_if(kRows.begin(), kRows.end(), [&](const Row& r) { return r.type == type; });
  return it == kRows.end() ? nullptr : it;
}

RdrToPc answer_type(PcToRdr command) {
  const auto* row = SlotCommands::find(command);
  return row == nullptr ? RdrToPc::RDR_to_PC_SlotStatus : row->answer;
}

ccid::Response refuse(const ccid::ReceivedCommand& received, std::uint8_t error,
                      ccid::IccStatus icc) {
  ccid::Response r;
  r.type = answer_type(received.command.type);
  r.slot = received.command.slot;
  r.seq = received.seq;
  r.status = ccid::make_status(CommandStatus::failed, icc);
  r.error = error;
  return r;
}

ccid::Response SlotCommands::run(const ccid::ReceivedCommand& received) {
  const Row* row = find(received.command.type);
  if (row == nullptr) {
    return refuse(received, static_cast<std::uint8_t>(SlotError::CMD_NOT_SUPPORTED),
                  icc_status(device_));
  }
  Outcome outcome = (this->*row->run)(received.command);
  ccid::Response r;
  r.type = row->answer;
  r.slot = slot_;
  r.seq = received.seq;
  r.status = ccid::make_status(outcome.command, icc_status(device_));
  r.error = outcome.error;
  r.specific = outcome.specific;
  r.data = std::move(outcome.data);
  return r;
}

void SlotCommands::reset_exchange() {
  chain_in_.clear();
  chain_out_.clear();
  chain_out_sent_ = 0;
  t1_.reset();
}

Outcome SlotCommands::power_on(const ccid::Command& c) {
  const auto voltage = c.specific[0];
  if (voltage > static_cast<std::uint8_t>(ccid::Voltage::v1_8) ||
      (voltage == 0 && !profile_.automatic)) {
    return bad_parameter(kOffsetSpecific);
  }
  reset_exchange();
  wanted_protocol_ = 0;
  auto atr = power(device_, PowerAction::SCARD_COLD_RESET);
  if (!atr) return failed(atr.status());
  return ok(std::move(*atr));
}

Outcome SlotCommands::power_off(const ccid::Command&) {
  reset_exchange();
  auto done = power(device_, PowerAction::SCARD_POWER_DOWN);
  if (!done && done.status() != Status::NO_MEDIA) return failed(done.status());
  return ok();
}

Outcome SlotCommands::slot_status(const ccid::Command&) {
  return ok();  // bClockStatus 0: the clock runs (or nothing to say for an inactive card)
}

Outcome SlotCommands::not_supported(const ccid::Command&) {
  return failed(SlotError::CMD_NOT_SUPPORTED);
}

Outcome SlotCommands::abort(const ccid::Command&) {
  reset_exchange();
  return ok();
}

Result<std::uint32_t> SlotCommands::ensure_protocol() {
  auto card = device_.card();
  auto state = device_.state();
  if (state == CardState::SCARD_SPECIFIC && wanted_protocol_ != 0 &&
      card.protocol_selected != wanted_protocol_) {
    // Another protocol was asked for after one was selected: a new ATR, then the selection.
    auto atr = power(device_, PowerAction::SCARD_COLD_RESET);
    if (!atr) return atr.status();
    card = device_.card();
    state = device_.state();
  }
  if (state == CardState::SCARD_SPECIFIC) return card.protocol_selected;
  if (state == CardState::SCARD_NEGOTIABLE) {
    return set_protocol(device_, choose_protocol(card, wanted_protocol_));
  }
  return state == CardState::SCARD_ABSENT ? Status::NO_MEDIA : Status::INVALID_DEVICE_STATE;
}

Outcome SlotCommands::xfr_block(const ccid::Command& c) {
  return profile_.level == ccid::ExchangeLevel::tpdu ? tpdu_level(c) : apdu_level(c);
}

Outcome SlotCommands::apdu_level(const ccid::Command& c) {
  if (profile_.level != ccid::ExchangeLevel::extended_apdu) return exchange(c.data);
  const auto level = static_cast<ccid::Chain>(c.specific[1] | c.specific[2] << 8);
  switch (level) {
    case ccid::Chain::begins_and_ends:
      chain_in_.clear();
      return exchange(c.data);
    case ccid::Chain::begins_continues:
      chain_in_.clear();
      [[fallthrough]];
    case ccid::Chain::continues_continues:
    case ccid::Chain::continues_ends: {
      if (chain_in_.size() + c.data.size() > T1Responder::kMaxCommand) {
        chain_in_.clear();
        return failed(SlotError::XFR_OVERRUN);
      }
      chain_in_.insert(chain_in_.end(), c.data.begin(), c.data.end());
      if (level != ccid::Chain::continues_ends) return ok({}, kChainContinue);
      const Bytes apdu = std::move(chain_in_);
      chain_in_.clear();
      return exchange(apdu);
    }
    case ccid::Chain::empty_continue:
      return next_response_chunk();
  }
  return bad_parameter(kOffsetLevel);
}

Outcome SlotCommands::exchange(std::span<const std::byte> apdu) {
  auto protocol = ensure_protocol();
  if (!protocol) return failed(protocol.status());
  auto response = transmit_apdu(device_, apdu);
  if (!response) return failed(response.status());
  return send_response(std::move(*response));
}

Outcome SlotCommands::send_response(Bytes response) {
  if (response.size() + ccid::kHeaderSize <= profile_.max_message) return ok(std::move(response));
  // Only the extended APDU level can chain a response (CCID §6.2.1, bChainParameter).
  if (profile_.level != ccid::ExchangeLevel::extended_apdu) return failed(SlotError::XFR_OVERRUN);
  chain_out_ = std::move(response);
  chain_out_sent_ = 0;
  return next_response_chunk();
}

Outcome SlotCommands::next_response_chunk() {
  if (chain_out_sent_ >= chain_out_.size()) return bad_parameter(kOffsetLevel);
  const auto room = profile_.max_message - ccid::kHeaderSize;
  const auto n = std::min<std::size_t>(room, chain_out_.size() - chain_out_sent_);
  const bool first = chain_out_sent_ == 0;
  const auto begin = chain_out_.begin() + static_cast<std::ptrdiff_t>(chain_out_sent_);
  Bytes chunk(begin, begin + static_cast<std::ptrdiff_t>(n));
  chain_out_sent_ += n;
  const bool last = chain_out_sent_ == chain_out_.size();
  const auto chain = first
                         ? ccid::Chain::begins_continues
                         : (last ? ccid::Chain::continues_ends : ccid::Chain::continues_continues);
  if (last) {
    chain_out_.clear();
    chain_out_sent_ = 0;
  }
  return ok(std::move(chunk), static_cast<std::uint8_t>(chain));
}

Outcome SlotCommands::tpdu_level(const ccid::Command& c) {
  if (c.data.empty()) return bad_parameter(kOffsetData);
  if (c.data[0] == std::byte{0xFF} && device_.state() == CardState::SCARD_NEGOTIABLE) {
    return pps(c.data);
  }
  auto protocol = ensure_protocol();
  if (!protocol) return failed(protocol.status());
  if (*protocol == SCARD_PROTOCOL_T0) {
    auto response = transmit(device_, SCARD_PROTOCOL_T0, c.data);
    if (!response) return failed(response.status());
    return ok(std::move(*response));
  }
  const ApduRunner run = [&](std::span<const std::byte> apdu) {
    return transmit(device_, SCARD_PROTOCOL_T1, apdu);
  };
  auto block = t1_.answer(c.data, device_.card().edc, run);
  if (!block) return failed(block.status());
  return ok(std::move(*block));
}

// A PPS request the host sends itself at TPDU level (no automatic PPS): the protocol it names is
// selected through SET_PROTOCOL, which runs the library's own PPS with the card, and the
// request is echoed, as a card that accepts it does (ISO/IEC 7816-3 §9.3).
Outcome SlotCommands::pps(std::span<const std::byte> request) {
  std::uint8_t check = 0;
  for (auto b : request) check ^= std::to_integer<std::uint8_t>(b);
  if (request.size() < 3 || request.size() > 6 || check != 0) return failed(SlotError::HW_ERROR);
  const auto protocol = std::to_integer<std::uint8_t>(request[1]) & 0x0F;
  if (protocol > 1) return failed(SlotError::ICC_PROTOCOL_NOT_SUPPORTED);
  wanted_protocol_ = protocol == 1 ? SCARD_PROTOCOL_T1 : SCARD_PROTOCOL_T0;
  auto selected = ensure_protocol();
  if (!selected) return failed(selected.status());
  return ok(Bytes(request.begin(), request.end()));
}

Outcome SlotCommands::parameters() {
  const auto card = device_.card();
  std::uint32_t protocol = card.protocol_selected;
  if (protocol != SCARD_PROTOCOL_T0 && protocol != SCARD_PROTOCOL_T1) {
    protocol = choose_protocol(card, wanted_protocol_);
  }
  ccid::ProtocolData p;
  p.protocol = protocol_number(protocol);
  if (card.atr_info) {
    p.fi_di = static_cast<std::uint8_t>(card.atr_info->fi_index << 4 | card.atr_info->di_index);
    p.waiting = static_cast<std::uint8_t>(card.atr_info->wi);
    if (p.protocol == 1) {
      p.waiting = static_cast<std::uint8_t>(card.atr_info->bwi.value_or(4) << 4 |
                                            card.atr_info->cwi.value_or(13));
    }
  }
  p.tcck = static_cast<std::uint8_t>((card.inverse_convention ? 0x02 : 0) |
                                     (p.protocol == 1 && card.edc == Edc::crc ? 0x01 : 0));
  p.guard_time = static_cast<std::uint8_t>(card.n);
  p.ifsc = static_cast<std::uint8_t>(card.ifsc);
  return ok(p.encode(), p.protocol);
}

Outcome SlotCommands::get_parameters(const ccid::Command&) {
  if (device_.state() == CardState::SCARD_ABSENT) return failed(SlotError::ICC_MUTE);
  return parameters();
}

Outcome SlotCommands::reset_parameters(const ccid::Command& c) {
  wanted_protocol_ = 0;
  return get_parameters(c);
}

Outcome SlotCommands::set_parameters(const ccid::Command& c) {
  const auto number = c.specific[0];
  if (number > 1) return bad_parameter(kOffsetSpecific);
  if (c.data.size() < (number == 1 ? 7u : 5u)) return bad_parameter(kOffsetData);
  const auto state = device_.state();
  if (state == CardState::SCARD_ABSENT) return failed(SlotError::ICC_MUTE);
  const std::uint32_t protocol = number == 1 ? SCARD_PROTOCOL_T1 : SCARD_PROTOCOL_T0;
  if (device_.card().atr_info && (device_.card().protocol_types & protocol) == 0) {
    return bad_parameter(kOffsetSpecific);
  }
  wanted_protocol_ = protocol;
  if (state == CardState::SCARD_NEGOTIABLE || state == CardState::SCARD_SPECIFIC) {
    if (auto selected = ensure_protocol(); !selected) return failed(selected.status());
  }
  return parameters();
}

Outcome SlotCommands::data_rate_and_clock(const ccid::Command& c) {
  if (c.data.size() < 8) return bad_parameter(kOffsetData);
  const auto reader = device_.reader();
  const auto card = device_.card();
  Bytes answer(8);
  const std::uint64_t rate =
      std::uint64_t{reader.current_clk_khz} * 1000 * card.d / std::max<std::uint32_t>(card.f, 1);
  store_le32(std::span(answer).first(4), reader.current_clk_khz);
  store_le32(std::span(answer).subspan(4), static_cast<std::uint32_t>(rate));
  return ok(std::move(answer));
}

// PC_to_RDR_Secure (§6.1.11): a PIN verification or modification run by the reader's PIN pad
// through the library's FEATURE_VERIFY/MODIFY_PIN_DIRECT.
Outcome SlotCommands::secure(const ccid::Command& c) {
  if (!profile_.pin_pad || c.data.empty()) return failed(SlotError::CMD_NOT_SUPPORTED);
  const auto operation = std::to_integer<std::uint8_t>(c.data[0]);
  const auto fields = std::span<const std::byte>(c.data).subspan(1);
  std::optional<Bytes> structure;
  std::uint32_t code = 0;
  if (operation == 0) {
    structure = part10_verify(fields);
    code = IOCTL_FEATURE_VERIFY_PIN_DIRECT;
  } else if (operation == 1) {
    structure = part10_modify(fields);
    code = IOCTL_FEATURE_MODIFY_PIN_DIRECT;
  } else {
    return failed(SlotError::CMD_NOT_SUPPORTED);
  }
  if (!structure) return bad_parameter(kOffsetData + 1);
  if (auto protocol = ensure_protocol(); !protocol) return failed(protocol.status());
  Bytes answer(APDU_MAX_RESPONSE);
  const IoResult r = device_.control(code, *structure, answer);
  if (r.status != Status::SUCCESS) return failed(r.status);
  answer.resize(r.information);
  if (has(answer, {0x64, 0x00})) return failed(SlotError::PIN_TIMEOUT);
  if (has(answer, {0x64, 0x01})) return failed(SlotError::PIN_CANCELLED);
  if (has(answer, {0x6B, 0x80})) return bad_parameter(kOffsetData + 1);
  return ok(std::move(answer));
}

}  // namespace readerkit::ccid_device
