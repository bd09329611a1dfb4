// SPDX-License-Identifier: MIT
// Builds the simulated card's Answer-to-Reset from its profile (ISO/IEC 7816-3 §8.2).
#pragma once

#include "profile.hpp"
#include "readerkit/bytes.hpp"

namespace readerkit::sim::card {

/// The ATR in logical byte values (TS = 3B or 3F); the line applies the convention.
/// A profile's `atr` override is returned as is.
Bytes build_atr(const Profile& profile);

/// Bytes a card with the atr-garbage fault sends instead of an ATR (no valid TS).
Bytes garbage_atr();

}  // namespace readerkit::sim::card
