// SPDX-License-Identifier: MIT
// EJECT, SWALLOW and CONFISCATE (docs/contract/ioctl.md §4): reader mechanics, each served only
// by its optional callback (the dispatcher already answered NOT_SUPPORTED without one).
#include "detail/device_core.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::detail {
namespace {

/// Runs the mechanics callback; on success `after` gives the new state (and may reset the
/// card). Input is ignored: these requests take none.
template <class After>
IoResult run_mechanics(DeviceCore& d, Request& r, Rdf slot, After after) {
  CallbackScope scope(d, r);
  if (auto busy = scope.busy()) return fail(*busy);
  if (auto no_card = scope.require_card()) return fail(*no_card);
  std::size_t bytes = 0;
  const Status s = scope.call(slot, 0, r.input, r.output, bytes);
  if (s != Status::SUCCESS) return fail(s);
  if (!after(scope)) return fail(Status::NO_MEDIA);
  return {Status::SUCCESS, 0};
}

}  // namespace

IoResult handle_eject(DeviceCore& d, Request& r) {
  // The ejected card waits at the reader's mouth, unpowered: PRESENT until it is taken
  // (then the driver reports card_removed()).
  return run_mechanics(d, r, Rdf::RDF_CARD_EJECT, [](CallbackScope& scope) {
    scope.device().cb_card = CardCapabilities{};
    return scope.commit(CardState::SCARD_PRESENT);
  });
}

IoResult handle_swallow(DeviceCore& d, Request& r) {
  return run_mechanics(d, r, Rdf::RDF_READER_SWALLOW, [](CallbackScope& scope) {
    const CardState now = scope.state();
    return scope.commit(now < CardState::SCARD_SWALLOWED ? CardState::SCARD_SWALLOWED : now);
  });
}

IoResult handle_confiscate(DeviceCore& d, Request& r) {
  // A confiscated card is gone for the client: same as a removal.
  IoResult result = run_mechanics(d, r, Rdf::RDF_CARD_CONFISCATE,
                                  [](CallbackScope& scope) { return !scope.card_changed(); });
  if (result.status != Status::SUCCESS) return result;
  {
    std::lock_guard lock(d.mutex);
    if (d.state > CardState::SCARD_ABSENT) mark_card_gone(d);
  }
  take_tracking(d, IOCTL_SMARTCARD_IS_ABSENT, Status::SUCCESS).run();
  return result;
}

}  // namespace readerkit::detail
