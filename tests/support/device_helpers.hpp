// SPDX-License-Identifier: MIT
// Short ways to issue IOCTLs in tests, with the output captured.
#pragma once

#include <cstdint>

#include "readerkit/card.hpp"
#include "readerkit/device.hpp"
#include "scripted_driver.hpp"

namespace readerkit::test {

/// An IOCTL's status, information and the first `information` output bytes.
struct Outcome {
  Status status = Status::SUCCESS;
  std::size_t information = 0;
  Bytes output;
};

Outcome ioctl(Device& d, std::uint32_t code, const Bytes& input = {}, std::size_t out_size = 0,
              Completion done = {});
Outcome get_attribute(Device& d, std::uint32_t id, std::size_t out_size = 64);
Outcome set_attribute(Device& d, std::uint32_t id, const Bytes& value);
Outcome power(Device& d, PowerAction action, std::size_t out_size = 33);
Outcome set_protocol(Device& d, std::uint32_t mask, std::size_t out_size = 4);
Outcome transmit(Device& d, std::uint32_t protocol, std::initializer_list<std::uint8_t> apdu,
                 std::size_t out_size = 258);
std::uint32_t get_state(Device& d);
std::uint32_t last_error(Device& d);  // through IOCTL_SMARTCARD_GET_LAST_ERROR

/// Inserts a card, cold-resets it and selects `mask`; asserts each step succeeded.
void bring_to_specific(Device& d, std::uint32_t mask = SCARD_PROTOCOL_T1);

/// A device driven by a ScriptedDriver; the driver outlives the device.
struct ScriptedDevice {
  explicit ScriptedDevice(ReaderCapabilities reader = {}, DeviceConfig config = {},
                          std::initializer_list<Rdf> without = {});
  ScriptedDriver driver;
  std::unique_ptr<Device> device;
};

}  // namespace readerkit::test
