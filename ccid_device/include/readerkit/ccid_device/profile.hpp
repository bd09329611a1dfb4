// SPDX-License-Identifier: MIT
// The named configurations of the USB CCID device (docs/usbip.md "Profiles"): the exchange
// level, automatic features, PIN pad, message size and interrupt endpoint a profile announces
// in its CCID class descriptor and honours on the bulk pipes.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "readerkit/ccid/wire.hpp"

namespace readerkit::ccid_device {

/// dwMaxCCIDMessageLength of the small and large profiles: a short APDU and its header
/// (261 + 10), and an extended APDU of 65,535 data bytes with its header (CCID §5.1).
inline constexpr std::uint32_t kSmallMessage = 271;
inline constexpr std::uint32_t kLargeMessage = 65544;

/// The USB identity of the device unless --usb-id says otherwise: pid.codes' open-source
/// vendor ID with its test product ID (docs/usbip.md "USB identity").
inline constexpr std::uint16_t kOwnVendorId = 0x1209;
inline constexpr std::uint16_t kOwnProductId = 0x0001;

struct Profile {
  std::string_view name;
  std::string_view summary;
  ccid::ExchangeLevel level = ccid::ExchangeLevel::short_apdu;
  /// Automatic features: parameters from the ATR, PPS, voltage, clock, baud rate, IFSD.
  /// Without them the host selects the voltage and sends PPS and SetParameters itself.
  bool automatic = true;
  /// bPINSupport from the reader's PIN pad (verification, modification); the reader behind
  /// must have one.
  bool pin_pad = false;
  std::uint32_t max_message = kSmallMessage;  // dwMaxCCIDMessageLength
  /// An interrupt-IN endpoint for RDR_to_PC_NotifySlotChange; without it the host polls.
  bool interrupt_endpoint = true;
};

/// Every profile, the default ("apdu") first.
std::span<const Profile> profiles();

/// The profile called `name`, or nullopt.
std::optional<Profile> find_profile(std::string_view name);

}  // namespace readerkit::ccid_device
