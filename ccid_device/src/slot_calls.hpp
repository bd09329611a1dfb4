// SPDX-License-Identifier: MIT
// The IOCTLs a CCID slot sends to its Device, as functions: power, protocol selection and
// one TPDU or APDU exchange.
#pragma once

#include <cstdint>
#include <span>

#include "readerkit/bytes.hpp"
#include "readerkit/card.hpp"
#include "readerkit/device.hpp"
#include "readerkit/result.hpp"

namespace readerkit::ccid_device {

/// IOCTL_SMARTCARD_POWER; the ATR for a reset, empty for a power down.
Result<Bytes> power(Device& device, PowerAction action);

/// IOCTL_SMARTCARD_SET_PROTOCOL with one protocol bit; the protocol selected.
Result<std::uint32_t> set_protocol(Device& device, std::uint32_t protocol);

/// One IOCTL_SMARTCARD_TRANSMIT of `command` as it is (a T=0 TPDU, a T=1 APDU).
Result<Bytes> transmit(Device& device, std::uint32_t protocol, std::span<const std::byte> command);

/// The protocol a card without a specific mode is used with: T=0 when the ATR offers it and
/// nothing was asked, else the first the card offers (`wanted` when the card offers it).
std::uint32_t choose_protocol(const CardCapabilities& card, std::uint32_t wanted);

}  // namespace readerkit::ccid_device
