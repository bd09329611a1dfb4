// SPDX-License-Identifier: MIT
// One slot of the simulated reader: its own line, card, armed faults, driver and Device.
// A reader with `slots=N` has N of them, independent of each other (docs/sim.md "Slots").
#pragma once

#include <memory>

#include "faults.hpp"
#include "profile.hpp"
#include "readerkit/device.hpp"
#include "readerkit/sim/sim_reader.hpp"
#include "sim_driver.hpp"
#include "sim_line.hpp"

namespace readerkit::sim {

/// A slot; not movable (the driver's callbacks point into it).
class SimSlot {
 public:
  /// With `pinpad`, the slot has a virtual PIN pad (announced in the reader capabilities).
  SimSlot(ReaderCapabilities reader, const DeviceConfig& config, Log log,
          const std::optional<PinPadConfig>& pinpad = std::nullopt);
  ~SimSlot();  // shuts the device down before the line and driver go
  SimSlot(const SimSlot&) = delete;
  SimSlot& operator=(const SimSlot&) = delete;

  /// Puts a card of `profile` into the slot (arming its faults), then tells the Device.
  CommandReply insert(Profile profile);
  /// Takes the card out, then tells the Device.
  CommandReply remove();

  FaultState& faults() { return faults_; }
  /// The virtual PIN pad, or nullptr.
  Keypad* keypad() { return keypad_.get(); }
  SimLine& line() { return line_; }
  Device& device() { return *device_; }

 private:
  FaultState faults_;
  std::unique_ptr<Keypad> keypad_;  // before the driver, which points to it
  SimLine line_;
  SimDriver driver_;
  std::unique_ptr<Device> device_;
};

}  // namespace readerkit::sim
