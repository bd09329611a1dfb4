// SPDX-License-Identifier: MIT
// Fuzz target: simulated card profiles (JSON, schema in docs/sim.md), as `card insert PATH`
// and `sim:profile=PATH` read them. Invariants: parsing ends in a profile or in a refusal with
// a reason; a profile that parses makes a card whose ATR has 1..33 bytes and parses as an ATR
// (unless the profile gives its own bytes or arms atr-garbage).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "card/sim_card.hpp"
#include "profile.hpp"
#include "readerkit/atr.hpp"

using namespace readerkit;
using namespace readerkit::sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto profile = parse_profile(text, error);
  if (!profile) {
    if (error.empty()) std::abort();
    return 0;
  }
  const bool own_atr = profile->atr_override.has_value() || profile->faults.atr_garbage;
  FaultState faults;
  card::SimCard card(std::move(*profile), faults);
  Bytes atr = card.reset();
  if (atr.empty() || atr.size() > 33) std::abort();
  if (!own_atr && card.profile().convention == Convention::direct && !parse_atr(atr)) std::abort();
  return 0;
}
