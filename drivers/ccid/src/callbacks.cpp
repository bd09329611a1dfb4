// SPDX-License-Identifier: MIT
// RDF callbacks of a CCID slot. TPDU-level readers run the library's T=0 helpers and T=1
// engine over XfrBlock; APDU-level readers take the APDU as it is (CCID §3.2.1, §6.1.4).
#include "callbacks.hpp"

#include "readerkit/capabilities.hpp"
#include "readerkit/ccid/ccid_reader.hpp"
#include "readerkit/device.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/pps.hpp"
#include "readerkit/t0.hpp"
#include "readerkit/t1.hpp"
#include "xfr_block_transport.hpp"

namespace readerkit::ccid::detail {
namespace {

// A response or a failure that says the card is gone is reported to the Device at once, so
// state and tracking do not wait for the interrupt endpoint.
Status noticed(SlotContext&, CallbackParams& p, Status s) {
  if (s == Status::NO_MEDIA && p.device != nullptr) p.device->card_removed();
  return s;
}

Status card_power(SlotContext& slot, CallbackParams& p) {
  const auto action = static_cast<PowerAction>(p.minor_code);
  if (action == PowerAction::SCARD_POWER_DOWN) return noticed(slot, p, slot.io.power_off());
  if (action == PowerAction::SCARD_COLD_RESET) {
    if (auto s = slot.io.power_off(); s != Status::SUCCESS) return noticed(slot, p, s);
  }
  // IccPowerOn on a powered card is a warm reset (CCID §6.1.1).
  auto atr = slot.io.power_on();
  if (!atr) return noticed(slot, p, atr.status());
  p.card->atr = std::move(*atr);  // the library parses it and copies it out
  return Status::SUCCESS;
}

// PPS on a TPDU reader that leaves it to the host (no automatic PPS / negotiation in
// dwFeatures). Returns the TA1 now in effect. A refused PPS leaves the card waiting for a
// reset (ISO/IEC 7816-3 §9.3): it is reset, its new ATR is kept and the default parameters are
// used; a card that does not come back from that reset fails the request with the reset's
// status, as a failed RDF_CARD_POWER would.
Result<std::uint8_t> run_pps(SlotContext& slot, CallbackParams& p) {
  const PpsRequest& request = p.card->pps;
  auto answer = slot.io.xfr_block(std::span(request.bytes).first(request.length),
                                  static_cast<std::uint16_t>(request.length));
  if (answer) {
    if (auto ta1 = check_pps_response(request, *answer, p.trace_point())) {
      apply_pps(*p.card, *p.reader, *ta1);
      return *ta1;
    }
  }
  slot.log(LogLevel::DRIVER, "ccid: PPS refused, cold reset and default parameters");
  if (Status s = slot.io.power_off(); s != Status::SUCCESS) return s;
  auto atr = slot.io.power_on();
  if (!atr) return atr.status();
  p.card->atr = std::move(*atr);
  p.card->use_default_parameters();
  update_card_timing(*p.card, *p.reader);
  return std::uint8_t{0x11};
}

Status set_protocol(SlotContext& slot, CallbackParams& p) {
  const std::uint32_t protocol = p.minor_code & ~SCARD_PROTOCOL_DEFAULT;
  const auto level = slot.descriptor.exchange_level();
  if (level == ExchangeLevel::short_apdu || level == ExchangeLevel::extended_apdu ||
      protocol == SCARD_PROTOCOL_RAW) {
    return Status::SUCCESS;  // the reader runs the protocol itself
  }
  const bool reader_negotiates = slot.descriptor.has(feature::AUTO_PPS) ||
                                 slot.descriptor.has(feature::AUTO_PARAM_NEGOTIATION);
  std::uint8_t fi_di = 0x11;
  if (reader_negotiates && p.card->atr_info) {
    fi_di = static_cast<std::uint8_t>(p.card->atr_info->fi_index << 4 | p.card->atr_info->di_index);
  } else if (!p.card->pps.empty()) {
    auto ta1 = run_pps(slot, p);
    if (!ta1) return noticed(slot, p, ta1.status());
    fi_di = *ta1;
  }
  if (slot.quirks.has(quirk::SKIP_SET_PARAMETERS)) return Status::SUCCESS;
  const Status s = slot.io.set_parameters(protocol_data_for(*p.card, protocol, fi_di));
  // A reader that cannot change parameters keeps working with what it negotiated itself.
  return s == Status::NOT_SUPPORTED ? Status::SUCCESS : noticed(slot, p, s);
}

Status transmit_t0(SlotContext& slot, CallbackParams& p) {
  p.smartcard_request->length = 0;
  if (auto s = t0_request(p); s != Status::SUCCESS) return s;
  auto answer = slot.io.xfr_block(p.smartcard_request->data());
  if (!answer) return noticed(slot, p, answer.status());
  if (answer->size() > p.smartcard_reply->buffer.size()) return Status::BUFFER_OVERFLOW;
  std::copy(answer->begin(), answer->end(), p.smartcard_reply->buffer.begin());
  p.smartcard_reply->length = answer->size();
  return t0_reply(p);
}

Status transmit(SlotContext& slot, CallbackParams& p) {
  const std::uint32_t protocol = p.card->protocol_selected;
  const auto level = slot.descriptor.exchange_level();
  if (level == ExchangeLevel::short_apdu || level == ExchangeLevel::extended_apdu) {
    auto response = slot.io.transmit_apdu(transmit_command(p));
    if (!response) return noticed(slot, p, response.status());
    return complete_transmit(p, protocol, *response);
  }
  if (level == ExchangeLevel::character) return Status::NOT_SUPPORTED;  // docs/ccid.md
  if (protocol == SCARD_PROTOCOL_T0) return transmit_t0(slot, p);
  if (protocol == SCARD_PROTOCOL_T1) {
    XfrBlockTransport blocks(slot.io);
    return noticed(slot, p, t1_transmit(p, blocks));
  }
  return Status::INVALID_DEVICE_STATE;
}

// Events come from the interrupt endpoint (CcidReader's thread); tracking only has to pend.
Status card_tracking(SlotContext&, CallbackParams&) { return Status::PENDING; }

Status vendor(SlotContext& slot, CallbackParams& p) {
  if (p.major_code != IOCTL_CCID_ESCAPE) return Status::NOT_SUPPORTED;
  auto answer = slot.io.escape(p.request);
  if (!answer) return answer.status();
  if (answer->size() > p.reply.size()) return Status::BUFFER_TOO_SMALL;
  std::copy(answer->begin(), answer->end(), p.reply.begin());
  *p.bytes_returned = answer->size();
  return Status::SUCCESS;
}

// PIN pad readers (bPINSupport): the library checked the structure; the reader asks for the
// PIN and sends the command itself (docs/pinpad.md "CCID").
Status pin_operation(SlotContext& slot, CallbackParams& p) {
  const auto op = p.minor_code == 0 ? PinOperation::verify : PinOperation::modify;
  auto answer = slot.io.secure(op, p.request);
  if (!answer) return noticed(slot, p, answer.status());
  if (answer->size() > p.reply.size()) return Status::BUFFER_TOO_SMALL;
  std::copy(answer->begin(), answer->end(), p.reply.begin());
  *p.bytes_returned = answer->size();
  return Status::SUCCESS;
}

}  // namespace

ProtocolData protocol_data_for(const CardCapabilities& card, std::uint32_t protocol,
                               std::uint8_t fi_di) {
  ProtocolData d;
  d.fi_di = fi_di;
  d.guard_time = static_cast<std::uint8_t>(card.n);
  const std::uint8_t inverse = card.inverse_convention ? 0x02 : 0x00;
  if (protocol == SCARD_PROTOCOL_T1) {
    d.protocol = 1;
    d.tcck = static_cast<std::uint8_t>(0x10 | inverse | (card.edc == Edc::crc ? 1 : 0));
    const auto& atr = card.atr_info;
    const std::uint8_t bwi = atr && atr->bwi ? *atr->bwi : 4;
    const std::uint8_t cwi = atr && atr->cwi ? *atr->cwi : 13;
    d.waiting = static_cast<std::uint8_t>(bwi << 4 | (cwi & 0x0F));
    d.ifsc = static_cast<std::uint8_t>(std::min<std::uint32_t>(card.ifsc, 254));
  } else {
    d.tcck = inverse;
    d.waiting = static_cast<std::uint8_t>(std::min<std::uint32_t>(card.wi, 255));
  }
  return d;
}

CallbackTable make_callbacks(SlotContext& slot) {
  CallbackTable table;
  auto bind = [&slot](Status (*callback)(SlotContext&, CallbackParams&)) {
    return [&slot, callback](CallbackParams& p) { return callback(slot, p); };
  };
  table[Rdf::RDF_CARD_POWER] = bind(card_power);
  table[Rdf::RDF_TRANSMIT] = bind(transmit);
  table[Rdf::RDF_SET_PROTOCOL] = bind(set_protocol);
  table[Rdf::RDF_CARD_TRACKING] = bind(card_tracking);
  if (slot.allow_escape) table[Rdf::RDF_IOCTL_VENDOR] = bind(vendor);
  if (slot.descriptor.bPINSupport & (kPinVerification | kPinModification))
    table[Rdf::RDF_PIN_OPERATION] = bind(pin_operation);
  return table;
}

}  // namespace readerkit::ccid::detail
