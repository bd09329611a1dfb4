// SPDX-License-Identifier: MIT
// The PC_to_RDR messages of one slot (CCID rev 1.1 §6.1), one table row per message.
#include "slot_commands.hpp"

#include <algorithm>
#include <array>

#include "pin_structure.hpp"
#include "readerkit/apdu.hpp"
#include "readerkit/capabilities.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/pinpad.hpp"
#include "slot_calls.hpp"
#include "slot_outcome.hpp"

namespace readerkit::ccid_device {

using ccid::CommandStatus;
using ccid::PcToRdr;
using ccid::RdrToPc;
using ccid::SlotError;
using Outcome = SlotCommands::Outcome;
using namespace detail;

struct SlotCommands::Row {
  PcToRdr type;
  RdrToPc answer;
  Outcome (SlotCommands::*run)(const ccid::Command&);
};

namespace {

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

SlotCommands::SlotCommands(Device& device, const Profile& profile)
    : device_(device), profile_(profile) {}

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

namespace {

// The answer to `received` (§6.2): its type, bSlot and bSeq echoed, the outcome's fields.
ccid::Response answer(const ccid::ReceivedCommand& received, Outcome outcome, ccid::IccStatus icc) {
  ccid::Response r;
  r.type = answer_type(received.command.type);
  r.slot = received.command.slot;
  r.seq = received.seq;
  r.status = ccid::make_status(outcome.command, icc);
  r.error = outcome.error;
  r.specific = outcome.specific;
  r.data = std::move(outcome.data);
  return r;
}

}  // namespace

ccid::Response refuse(const ccid::ReceivedCommand& received, std::uint8_t error,
                      ccid::IccStatus icc) {
  return answer(received, Outcome{CommandStatus::failed, error, 0, {}}, icc);
}

ccid::Response SlotCommands::run(const ccid::ReceivedCommand& received) {
  const Row* row = find(received.command.type);
  if (row == nullptr)
    return answer(received, failed(SlotError::CMD_NOT_SUPPORTED), icc_status(device_));
  Outcome outcome = (this->*row->run)(received.command);
  return answer(received, std::move(outcome), icc_status(device_));
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
  // The part 10 result words the library answers with (readerkit/pinpad.hpp) are slot errors
  // at the CCID level; the rest is the card's response.
  if (answer == pin_error_sw(PinError::timeout)) return failed(SlotError::PIN_TIMEOUT);
  if (answer == pin_error_sw(PinError::cancelled)) return failed(SlotError::PIN_CANCELLED);
  if (answer == pin_error_sw(PinError::invalid_structure)) return bad_parameter(kOffsetData + 1);
  return ok(std::move(answer));
}

}  // namespace readerkit::ccid_device
