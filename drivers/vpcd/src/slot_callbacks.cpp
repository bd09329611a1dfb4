// SPDX-License-Identifier: MIT
#include "slot_callbacks.hpp"

#include <algorithm>
#include <array>

#include "readerkit/io_request.hpp"
#include "slot.hpp"

namespace readerkit::vpcd::detail {
namespace {

using Control = VpcdControl;

// The vpcd messages behind each power action. A cold reset powers the card off first so it
// restarts from scratch even when it was on; both resets end by asking for the ATR.
struct PowerRow {
  PowerAction action;
  std::array<Control, 3> commands;
  std::size_t count;
};
constexpr std::array kPowerTable{
    PowerRow{PowerAction::SCARD_POWER_DOWN, {Control::VPCD_CTRL_OFF}, 1},
    PowerRow{PowerAction::SCARD_COLD_RESET,
             {Control::VPCD_CTRL_OFF, Control::VPCD_CTRL_ON, Control::VPCD_CTRL_ATR}, 3},
    PowerRow{PowerAction::SCARD_WARM_RESET, {Control::VPCD_CTRL_RESET, Control::VPCD_CTRL_ATR}, 2},
};

Status card_power(Slot& slot, CallbackParams& p) {
  const auto row = std::find_if(kPowerTable.begin(), kPowerTable.end(), [&](const PowerRow& r) {
    return static_cast<std::uint32_t>(r.action) == p.minor_code;
  });
  if (row == kPowerTable.end()) return Status::INVALID_PARAMETER;  // the library checks first
  Bytes atr;
  const std::span<const Control> commands(row->commands.data(), row->count);
  Status s = slot.with_link([&](CardLink& link, T0Responses& t0) {
    t0.clear();
    return link.power(commands, atr);
  });
  if (s != Status::SUCCESS || row->action == PowerAction::SCARD_POWER_DOWN) return s;
  if (atr.size() > p.reply.size()) return Status::BUFFER_TOO_SMALL;
  std::copy(atr.begin(), atr.end(), p.reply.begin());
  *p.bytes_returned = atr.size();
  p.card->atr = std::move(atr);  // the library parses it into the card capabilities
  return Status::SUCCESS;
}

// A virtual card has no serial line: there is no PPS to exchange and every protocol its ATR
// offers is usable at once, so selecting one only needs the card to still be there.
Status set_protocol(Slot& slot, CallbackParams&) {
  return slot.with_link([](CardLink&, T0Responses&) { return Status::SUCCESS; });
}

// The card speaks APDUs: over T=1 (and RAW) they pass through unchanged, extended lengths
// included; over T=0 the slot's T0Responses adds the 61xx / GET RESPONSE behaviour of T=0.
Status transmit(Slot& slot, CallbackParams& p) {
  const auto command = transmit_command(p);
  const std::uint32_t protocol = p.card->protocol_selected;
  Bytes response;
  Status s = slot.with_link([&](CardLink& link, T0Responses& t0) {
    return protocol == SCARD_PROTOCOL_T0 ? t0.transmit(link, command, response)
                                         : link.exchange(command, response);
  });
  if (s != Status::SUCCESS) return s;
  // Written only now, after the command was sent: the request and reply may alias.
  return complete_transmit(p, protocol, response);
}

// The slot's I/O thread reports connections and hang-ups as they happen; the Device completes
// the pending request on that event, so tracking only has to pend.
Status card_tracking(Slot&, CallbackParams&) { return Status::PENDING; }

}  // namespace

CallbackTable make_callbacks(Slot& slot) {
  CallbackTable table;
  auto bind = [&slot](Status (*callback)(Slot&, CallbackParams&)) {
    return [&slot, callback](CallbackParams& p) { return callback(slot, p); };
  };
  table[Rdf::RDF_CARD_POWER] = bind(card_power);
  table[Rdf::RDF_TRANSMIT] = bind(transmit);
  table[Rdf::RDF_SET_PROTOCOL] = bind(set_protocol);
  table[Rdf::RDF_CARD_TRACKING] = bind(card_tracking);
  return table;
}

}  // namespace readerkit::vpcd::detail
