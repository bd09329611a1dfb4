// SPDX-License-Identifier: MIT
// The profile table (docs/usbip.md "Profiles").
#include "readerkit/ccid_device/profile.hpp"

#include <algorithm>
#include <array>

namespace readerkit::ccid_device {
namespace {

using ccid::ExchangeLevel;

constexpr std::array kProfiles{
    Profile{"apdu", "short APDU level, automatic features, NotifySlotChange",
            ExchangeLevel::short_apdu, true, false, kSmallMessage, true},
    Profile{"extended", "extended APDU level, 64 KiB messages with wLevelParameter chaining",
            ExchangeLevel::extended_apdu, true, false, kLargeMessage, true},
    Profile{"tpdu", "TPDU level (the host runs T=0 and T=1), automatic PPS and parameters",
            ExchangeLevel::tpdu, true, false, kSmallMessage, true},
    Profile{"tpdu-manual",
            "TPDU level, no automatic feature: the host sends PPS, "
            "SetParameters and picks the voltage",
            ExchangeLevel::tpdu, false, false, kSmallMessage, true},
    Profile{"pinpad", "short APDU level with the reader's PIN pad (PC_to_RDR_Secure)",
            ExchangeLevel::short_apdu, true, true, kSmallMessage, true},
    Profile{"polled", "short APDU level without an interrupt endpoint (the host polls)",
            ExchangeLevel::short_apdu, true, false, kSmallMessage, false},
};

}  // namespace

std::span<const Profile> profiles() {
  return kProfiles;
}

std::optional<Profile> find_profile(std::string_view name) {
  const auto* it = std::find_if(kProfiles.begin(), kProfiles.end(),
                                [&](const Profile& p) { return p.name == name; });
  if (it == kProfiles.end()) return std::nullopt;
  return *it;
}

}  // namespace readerkit::ccid_device
