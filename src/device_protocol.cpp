// SPDX-License-Identifier: MIT
// IOCTL_SMARTCARD_SET_PROTOCOL (docs/contract/ioctl.md §4): choose the protocol, prepare the PPS
// request, let RDF_SET_PROTOCOL run it, and enter SPECIFIC state.
#include "detail/device_core.hpp"
#include "readerkit/pps.hpp"

namespace readerkit::detail {
namespace {

/// Protocols usable with this card and reader. T=0 and T=1 need both sides; RAW passes bytes
/// through whatever the card speaks, so the reader's support alone decides (decided).
std::uint32_t offered(const CardCapabilities& card, const ReaderCapabilities& reader) {
  const std::uint32_t iso = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
  return (card.protocol_types & reader.protocol_types & iso) |
         (reader.protocol_types & SCARD_PROTOCOL_RAW);
}

/// T=1 before T=0 (§4 "Choice"), RAW last.
std::uint32_t choose(std::uint32_t common) {
  for (std::uint32_t p : {SCARD_PROTOCOL_T1, SCARD_PROTOCOL_T0, SCARD_PROTOCOL_RAW}) {
    if (common & p) return p;
  }
  return SCARD_PROTOCOL_UNDEFINED;
}

IoResult selected(Request& r, std::uint32_t protocol) {
  store_le32(r.output, protocol);
  return {Status::SUCCESS, 4};
}

/// Runs RDF_SET_PROTOCOL for `protocol`; on success the card is in SPECIFIC state.
IoResult negotiate(CallbackScope& scope, Request& r, std::uint32_t mask, std::uint32_t protocol) {
  DeviceCore& d = scope.device();
  reset_protocol_state(d.protocol);
  const bool use_default = (mask & SCARD_PROTOCOL_DEFAULT) != 0;
  d.cb_card.pps = (use_default || protocol == SCARD_PROTOCOL_RAW)
                      ? PpsRequest{}
                      : prepare_pps(d.cb_card, d.reader, protocol);
  std::size_t bytes = 0;
  const std::uint32_t minor = protocol | (mask & SCARD_PROTOCOL_DEFAULT);
  const Status s = scope.call(Rdf::RDF_SET_PROTOCOL, minor, r.input, r.output, bytes);
  if (s != Status::SUCCESS) {
    scope.commit();  // the PPS attempt may have changed F/D; the state stays
    return fail(scope.card_changed() ? Status::NO_MEDIA : s);
  }
  d.cb_card.protocol_selected = protocol;
  update_card_timing(d.cb_card, d.reader);
  if (!scope.commit(CardState::SCARD_SPECIFIC)) return fail(Status::NO_MEDIA);
  return selected(r, protocol);
}

}  // namespace

IoResult handle_set_protocol(DeviceCore& d, Request& r) {
  if (r.input.size() != 4) return fail(Status::INVALID_PARAMETER);
  const std::uint32_t mask = load_le32(r.input);
  // A mask without a known protocol is an input error: it precedes the output check (§4).
  if ((mask & SCARD_PROTOCOL_KNOWN) == 0) return fail(Status::INVALID_DEVICE_REQUEST);
  if (r.output.size() < 4) return fail(Status::BUFFER_TOO_SMALL);
  CallbackScope scope(d, r);
  if (auto busy = scope.busy()) return fail(*busy);
  if (auto no_card = scope.require_card()) return fail(*no_card);
  if (scope.state() < CardState::SCARD_NEGOTIABLE) return fail(Status::INVALID_DEVICE_STATE);
  const std::uint32_t common = mask & offered(d.cb_card, d.reader);
  if (common == 0) return fail(Status::NOT_SUPPORTED);
  if (scope.state() == CardState::SCARD_SPECIFIC) {
    const std::uint32_t current = d.cb_card.protocol_selected;
    if (mask & current) return selected(r, current);  // nothing to negotiate: no I/O
    // Changing protocol in SPECIFIC state needs a reset first (decided; docs/device.md).
    return fail(Status::INVALID_DEVICE_STATE);
  }
  if (!d.callbacks.has(Rdf::RDF_SET_PROTOCOL)) return fail(Status::NOT_SUPPORTED);
  return negotiate(scope, r, mask, choose(common));
}

}  // namespace readerkit::detail
