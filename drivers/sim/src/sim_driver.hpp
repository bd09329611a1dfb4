// SPDX-License-Identifier: MIT
// The simulated reader's driver: the RDF callbacks a hardware driver would register, moving
// bytes over the simulated line with the library's ATR, PPS, T=0 and T=1 helpers.
#pragma once

#include <functional>

#include "faults.hpp"
#include "keypad.hpp"
#include "readerkit/driver.hpp"
#include "readerkit/log.hpp"
#include "sim_line.hpp"

namespace readerkit::sim {

/// The callbacks of one simulated slot. `remove_card` removes the card as the reader's
/// interrupt would (used by the remove-during-transmit fault).
class SimDriver {
 public:
  SimDriver(SimLine& line, FaultState& faults, std::function<void()> remove_card, Log log,
            Keypad* keypad = nullptr)
      : line_(line),
        faults_(faults),
        remove_card_(std::move(remove_card)),
        log_(std::move(log)),
        keypad_(keypad) {}

  /// RDF_CARD_POWER, RDF_TRANSMIT, RDF_SET_PROTOCOL, RDF_CARD_TRACKING, RDF_IOCTL_VENDOR
  /// (sim_vendor.hpp).
  CallbackTable callbacks();

  Status power(CallbackParams& params);         // sim_driver.cpp
  Status tracking(CallbackParams& params);      // sim_driver.cpp
  Status set_protocol(CallbackParams& params);  // sim_protocol.cpp
  Status transmit(CallbackParams& params);      // sim_transmit.cpp
  Status pin_entry(CallbackParams& params);     // sim_driver.cpp (with a keypad only)

 private:
  Status reset_card(CardCapabilities& card);
  Result<std::uint8_t> run_pps(const PpsRequest& request, const CardCapabilities& card,
                               TracePoint trace);
  Status transmit_raw(CallbackParams& params, ByteTransport& transport);

  SimLine& line_;
  FaultState& faults_;
  std::function<void()> remove_card_;
  Log log_;  // DRIVER level: PPS outcomes and fallbacks
  Keypad* keypad_;  // the virtual PIN pad, or nullptr
};

}  // namespace readerkit::sim
