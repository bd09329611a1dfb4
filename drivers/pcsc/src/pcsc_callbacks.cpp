// SPDX-License-Identifier: MIT
#include "pcsc_callbacks.hpp"

#include <algorithm>

#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::pcsc::detail {
namespace {

// The largest answer SCardControl may give a vendor IOCTL (pcsc-lite's own buffer size).
constexpr std::size_t kMaxControlReply = 65536;

Status copy_reply(CallbackParams& p, const Bytes& bytes) {
  if (bytes.size() > p.reply.size()) return Status::BUFFER_TOO_SMALL;
  std::copy(bytes.begin(), bytes.end(), p.reply.begin());
  *p.bytes_returned = bytes.size();
  return Status::SUCCESS;
}

// pcscd powers the card when a client connects: the first power-up is SCardConnect, later ones
// SCardReconnect with SCARD_UNPOWER_CARD (cold) or SCARD_RESET_CARD (warm).
Status card_power(CardConnection& c, CallbackParams& p) {
  const auto action = static_cast<PowerAction>(p.minor_code);
  if (action == PowerAction::SCARD_POWER_DOWN) return c.power_down();
  Bytes atr;
  if (Status s = c.power_up(action, atr); s != Status::SUCCESS) return s;
  if (Status s = copy_reply(p, atr); s != Status::SUCCESS) return s;
  p.card->atr = std::move(atr);  // the library parses it into the card capabilities
  return Status::SUCCESS;
}

// No PPS here: pcscd's driver negotiated with the card already. The library's choice must be
// the protocol pcscd runs; when it is not, the card is reset with that protocol asked for.
Status set_protocol(CardConnection& c, CallbackParams& p) {
  return c.select_protocol(p.minor_code & (SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1));
}

// The APDU goes to pcscd as it is; over T=0 pcscd's driver makes the TPDU, and a case-4
// command answers 61xx as it does for every PC/SC client.
Status transmit(CardConnection& c, CallbackParams& p) {
  const auto command = transmit_command(p);
  Bytes response;
  const std::uint32_t protocol = p.card->protocol_selected;
  if (Status s = c.transmit(protocol, command, response); s != Status::SUCCESS) return s;
  return complete_transmit(p, protocol, response);
}

Status card_tracking(CardConnection&, CallbackParams&) {
  return Status::PENDING;  // the status-change thread reports the event
}

Status vendor(CardConnection& c, bool allowed, CallbackParams& p) {
  if (p.major_code == IOCTL_SMARTCARD_GET_ATTRIBUTE) {
    Bytes value;
    if (Status s = c.get_attribute(p.minor_code, value); s != Status::SUCCESS) return s;
    return copy_reply(p, value);
  }
  if (p.major_code == IOCTL_SMARTCARD_SET_ATTRIBUTE) return Status::NOT_SUPPORTED;
  const auto function = scard_ctl_number(p.major_code);
  if (!allowed || !function) return Status::INVALID_DEVICE_REQUEST;
  Bytes out(std::min(p.reply.size(), kMaxControlReply));
  if (Status s = c.control(*function, p.request, out); s != Status::SUCCESS) return s;
  return copy_reply(p, out);
}

}  // namespace

CallbackTable make_callbacks(CardConnection& connection, bool vendor_allowed) {
  CallbackTable table;
  auto bind = [&connection](Status (*callback)(CardConnection&, CallbackParams&)) {
    return [&connection, callback](CallbackParams& p) { return callback(connection, p); };
  };
  table[Rdf::RDF_CARD_POWER] = bind(card_power);
  table[Rdf::RDF_TRANSMIT] = bind(transmit);
  table[Rdf::RDF_SET_PROTOCOL] = bind(set_protocol);
  table[Rdf::RDF_CARD_TRACKING] = bind(card_tracking);
  table[Rdf::RDF_IOCTL_VENDOR] = [&connection, vendor_allowed](CallbackParams& p) {
    return vendor(connection, vendor_allowed, p);
  };
  return table;
}

}  // namespace readerkit::pcsc::detail
