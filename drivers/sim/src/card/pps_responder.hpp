// SPDX-License-Identifier: MIT
// The card's side of PPS (ISO/IEC 7816-3 §9): collects PPSS PPS0 [PPS1 PPS2 PPS3] PCK right
// after the ATR and answers with an echo (accept) or stays silent (refuse).
#pragma once

#include <cstdint>
#include <optional>

#include "card/engine.hpp"

namespace readerkit::sim::card {

/// What the PPS exchange decided.
struct PpsOutcome {
  std::uint8_t protocol = 0;
  std::uint8_t ta1 = 0x11;  // Fi/Di now in use
};

/// Collects one PPS request; done() once it is complete (or malformed).
class PpsResponder {
 public:
  PpsResponder(const Profile& profile, FaultState& faults) : profile_(profile), faults_(faults) {}

  /// Takes bytes until the request is complete; returns how many it used.
  std::size_t receive(std::span<const std::byte> bytes, Replies& out);
  bool done() const { return done_; }
  /// The accepted negotiation; nullopt when refused or malformed (the card then waits for
  /// a reset, as a real card does after a failed PPS).
  const std::optional<PpsOutcome>& outcome() const { return outcome_; }

 private:
  void answer(Replies& out);
  std::size_t expected_length() const;

  const Profile& profile_;
  FaultState& faults_;
  Bytes request_;
  bool done_ = false;
  std::optional<PpsOutcome> outcome_;
};

}  // namespace readerkit::sim::card
