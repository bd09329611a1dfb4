// SPDX-License-Identifier: MIT
// The card side of T=0 (ISO/IEC 7816-3 §10): reads the 5-byte header, answers procedure
// bytes (ACK = INS, complement ACK = INS xor FF, NULL = 60 during work), then SW1 SW2.
// Case 4 data waits for GET RESPONSE behind 61xx; a wrong Le gets 6Cxx.
#pragma once


#include "card/card_os.hpp"
#include "card/engine.hpp"
#include "card/envelope.hpp"

namespace readerkit::sim::card {

/// Card-side T=0 engine for one card session (a reset makes a new one).
class T0Card : public CardEngine {
 public:
  T0Card(CardOs& os, const Profile& profile, FaultState& faults)
      : os_(os), profile_(profile), faults_(faults) {}

  void receive(std::span<const std::byte> bytes, Replies& out) override;

 private:
  void on_header(Replies& out);
  void execute(const CommandApdu& command, DataDirection direction, Replies& out);
  ResponseApdu process(const CommandApdu& command);
  void get_response(Replies& out);
  void answer(const ResponseApdu& r, Replies& out);
  void send_procedure_for_data(Replies& out);
  void push(Replies& out, std::span<const std::byte> bytes, std::uint32_t delay_ms = 0,
            std::uint32_t repeat = 1);
  void keep_pending(std::span<const std::byte> data, std::size_t offset, std::uint16_t sw);

  /// Response bytes kept for GET RESPONSE after 61xx, with the status word to end them. The
  /// buffer outlives each answer, so keeping one allocates only when it must grow.
  struct Pending {
    Bytes data;
    std::size_t offset = 0;
    std::uint16_t sw = 0x9000;
    bool active = false;
  };

  CardOs& os_;
  const Profile& profile_;
  FaultState& faults_;
  Bytes header_;
  Bytes data_;                // incoming data of the command in progress
  std::size_t expected_ = 0;  // incoming bytes still expected (0: reading a header)
  std::size_t acked_ = 0;     // bytes the last procedure byte let through
  Pending pending_;
  Bytes reply_;  // the data reply being built (reused)
  EnvelopeCollector envelope_;
  bool first_reply_ = true;  // the slow fault delays the first reply of each command
};

}  // namespace readerkit::sim::card
