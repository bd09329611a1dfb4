// SPDX-License-Identifier: MIT
// The "readertest" application of docs/contract/readertest.md: APDU cases 1-4 of every
// length with known data, for reader test suites.
#pragma once

#include <array>
#include <cstdint>

#include "card/application.hpp"

namespace readerkit::sim::card {

/// AID selecting the readertest application (it is also selected after every reset).
inline constexpr std::array<std::uint8_t, 6> kReadertestAid{0xA0, 0x00, 0x00, 0x00, 0x18, 0xFF};

/// The readertest application (all commands CLA 0x80; pattern = bytes i mod 256).
class ReadertestApp : public Application {
 public:
  /// `unit_ms`: duration of one time-request unit (INS 0x38); `extended`: accept extended
  /// length fields (the `extended` profile).
  ReadertestApp(std::uint32_t unit_ms, bool extended) : unit_ms_(unit_ms), extended_(extended) {}

  ResponseApdu process(const CommandApdu& command) override;
  DataDirection direction(std::uint8_t ins) const override;
  void reset() override { remembered_.clear(); }

 private:
  ResponseApdu case1(const CommandApdu& c) const;
  ResponseApdu case3(const CommandApdu& c) const;
  ResponseApdu case2(const CommandApdu& c, bool bound) const;
  ResponseApdu case4(const CommandApdu& c, bool bound) const;
  ResponseApdu repeated_p2(const CommandApdu& c);
  ResponseApdu time_request(const CommandApdu& c) const;
  ResponseApdu verify_pin(const CommandApdu& c);
  ResponseApdu dump(const CommandApdu& c) const;

  std::uint32_t unit_ms_;
  bool extended_;
  Bytes remembered_;  // header + data of the last VERIFY PIN (INS 0x20)
  Bytes scratch_;     // the answer of a command whose data is not the pattern
};

}  // namespace readerkit::sim::card
