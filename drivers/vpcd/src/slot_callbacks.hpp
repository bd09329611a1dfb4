// SPDX-License-Identifier: MIT
// The vpcd driver's callback table (docs/contract/ioctl.md §3): RDF_CARD_POWER, RDF_TRANSMIT,
// RDF_SET_PROTOCOL and RDF_CARD_TRACKING, each turned into vpcd messages on the slot's link.
#pragma once

#include "readerkit/driver.hpp"

namespace readerkit::vpcd::detail {

class Slot;

/// The callbacks of one slot; they capture the slot, which outlives its Device's requests.
CallbackTable make_callbacks(Slot& slot);

}  // namespace readerkit::vpcd::detail
