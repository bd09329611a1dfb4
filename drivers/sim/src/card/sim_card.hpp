// SPDX-License-Identifier: MIT
// The simulated card: a profile brought to life. It answers reset with its ATR, answers PPS
// in the window after the ATR, then speaks T=0 or T=1 with its applications behind. It sees
// the line's electrical byte values and converts them for an inverse-convention card.
#pragma once

#include <memory>

#include "card/card_os.hpp"
#include "card/engine.hpp"
#include "card/pps_responder.hpp"

namespace readerkit::sim::card {

/// One inserted card. Not thread-safe: the line serialises access.
class SimCard {
 public:
  SimCard(Profile profile, FaultState& faults);

  /// Cold or warm reset: the answer to reset as line bytes (applications reset too).
  Bytes reset();
  /// Contacts deactivated: the card forgets its session and ignores the line.
  void power_down();
  /// Bytes from the reader, as line values.
  void receive(std::span<const std::byte> line_bytes);
  /// Takes the next reply the card has queued into `out` (line values; out's buffer is
  /// reused); false while the card waits for the reader.
  bool next_reply(Reply& out);
  const Profile& profile() const { return profile_; }

 private:
  enum class Phase { off, pps_window, pps, protocol, silent };
  void start_protocol(std::uint8_t t);
  Bytes to_line(Bytes logical) const;

  Profile profile_;
  FaultState& faults_;
  CardOs os_;
  Phase phase_ = Phase::off;
  std::unique_ptr<PpsResponder> pps_;
  std::unique_ptr<CardEngine> engine_;
  Replies replies_;
  Bytes logical_;  // an inverse-convention card's bytes from the line, converted
};

}  // namespace readerkit::sim::card
