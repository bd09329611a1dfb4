// SPDX-License-Identifier: MIT
// IOCTL_SMARTCARD_POWER (docs/contract/ioctl.md §4): RDF_CARD_POWER with the action as minor
// code, then smclib's "update card capabilities" on the ATR the callback stored.
#include <algorithm>

#include "detail/device_core.hpp"
#include "readerkit/atr.hpp"
#include "readerkit/card.hpp"

namespace readerkit::detail {
namespace {

/// The longest ATR (ISO/IEC 7816-3 §8.2.1): a reset needs this much output before any I/O.

/// NEGOTIABLE, or SPECIFIC when the ATR put the card in specific mode (TA2).
CardState state_after_atr(const CardCapabilities& card) {
  return card.protocol_selected != SCARD_PROTOCOL_UNDEFINED ? CardState::SCARD_SPECIFIC
                                                            : CardState::SCARD_NEGOTIABLE;
}

void log_atr(DeviceCore& d, const CardCapabilities& card, Status parsed) {
  const auto log = d.current_log();
  if (!log->enabled(LogLevel::ATR)) return;
  (*log)(LogLevel::ATR, "ATR " + to_hex(card.atr) + " -> " + std::string(status_name(parsed)));
}

/// Parses the stored ATR; asks RDF_ATR_PARSE when the library cannot (§6).
Status recognise_card(CallbackScope& scope, Request& r, std::uint32_t action) {
  DeviceCore& d = scope.device();
  Status s = update_card_capabilities(d.cb_card, d.reader, AtrParseOptions{d.lenient_atr});
  log_atr(d, d.cb_card, s);
  if (s == Status::SUCCESS || !d.callbacks.has(Rdf::RDF_ATR_PARSE)) return s;
  std::size_t ignored = 0;
  s = scope.call(Rdf::RDF_ATR_PARSE, action, r.input, r.output, ignored);
  // Whatever the driver's parser says beyond "no", the card is not usable.
  return s == Status::SUCCESS ? s : Status::UNRECOGNIZED_MEDIA;
}

IoResult power_down(CallbackScope& scope, Request& r) {
  std::size_t bytes = 0;
  const Status s = scope.call(Rdf::RDF_CARD_POWER, 0, r.input, r.output, bytes);
  if (s != Status::SUCCESS) return fail(s);
  scope.device().cb_card = CardCapabilities{};
  reset_protocol_state(scope.device().protocol);
  if (!scope.commit(CardState::SCARD_SWALLOWED)) return fail(Status::NO_MEDIA);
  return {Status::SUCCESS, 0};
}

IoResult reset(CallbackScope& scope, Request& r, std::uint32_t action) {
  DeviceCore& d = scope.device();
  d.cb_card = CardCapabilities{};
  reset_protocol_state(d.protocol);
  std::size_t bytes = 0;
  Status s = scope.call(Rdf::RDF_CARD_POWER, action, r.input, r.output, bytes);
  if (s == Status::PENDING) return fail(s);
  if (s != Status::SUCCESS) {
    // A failed reset leaves the contacts deactivated (decided; docs/device.md).
    d.cb_card = CardCapabilities{};
    scope.commit(CardState::SCARD_SWALLOWED);
    return fail(scope.card_changed() ? Status::NO_MEDIA : s);
  }
  TracePoint{r.trace}(TraceEvent::atr, TraceDirection::from_card, d.cb_card.atr);
  s = recognise_card(scope, r, action);
  if (s != Status::SUCCESS) {
    if (!scope.commit(CardState::SCARD_POWERED)) return fail(Status::NO_MEDIA);
    return fail(Status::UNRECOGNIZED_MEDIA);
  }
  if (!scope.commit(state_after_atr(d.cb_card))) return fail(Status::NO_MEDIA);
  const Bytes& atr = d.cb_card.atr;
  if (atr.size() > r.output.size()) return fail(Status::BUFFER_TOO_SMALL);
  std::copy(atr.begin(), atr.end(), r.output.begin());
  return {Status::SUCCESS, atr.size()};
}

}  // namespace

IoResult handle_power(DeviceCore& d, Request& r) {
  if (r.input.size() != 4) return fail(Status::INVALID_PARAMETER);
  const std::uint32_t action = load_le32(r.input);
  if (power_action_name(action).empty()) return fail(Status::INVALID_PARAMETER);
  const bool is_reset = action != static_cast<std::uint32_t>(PowerAction::SCARD_POWER_DOWN);
  if (is_reset && r.output.size() < ATR_MAX_LENGTH) return fail(Status::BUFFER_TOO_SMALL);
  CallbackScope scope(d, r);
  if (auto busy = scope.busy()) return fail(*busy);
  if (auto no_card = scope.require_card()) return fail(*no_card);
  if (!d.callbacks.has(Rdf::RDF_CARD_POWER)) return fail(Status::NOT_SUPPORTED);
  return is_reset ? reset(scope, r, action) : power_down(scope, r);
}

}  // namespace readerkit::detail
