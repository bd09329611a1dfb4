// SPDX-License-Identifier: MIT
#include "card/readertest_app.hpp"

#include <optional>

namespace readerkit::sim::card {
namespace {

Bytes pattern(std::size_t n) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::byte>(i & 0xFF);
  return out;
}

/// Index of the first byte not matching `first + i`, or nullopt when all match.
std::optional<std::size_t> first_mismatch(const Bytes& data, std::uint8_t first) {
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (static_cast<std::uint8_t>(data[i]) != static_cast<std::uint8_t>(first + i)) return i;
  }
  return std::nullopt;
}

ResponseApdu with_data(Bytes data) {
  return ResponseApdu{std::move(data), SW_OK, 0};
}

}  // namespace

DataDirection ReadertestApp::direction(std::uint8_t ins) const {
  switch (ins) {
    case 0x12:
    case 0x32:
    case 0x36:
    case 0x3A:
    case 0x3E:
    case 0x20:
      return DataDirection::to_card;
    case 0x00:
    case 0x34:
    case 0x3C:
    case 0x40:
      return DataDirection::from_card;
    default:
      return DataDirection::none;
  }
}

ResponseApdu ReadertestApp::process(const CommandApdu& c) {
  if (c.cla != 0x80) return status_only(SW_CLA_NOT_SUPPORTED);
  if (c.extended && !extended_) return status_only(SW_WRONG_LENGTH);
  switch (c.ins) {
    case 0x30:
      return case1(c);
    case 0x32:  // bound and unbound case 3 are alike: there is no response length to check
    case 0x3A:
    case 0x12:  // the test suites' case 3E (they send P1 P2 = 01 80; not checked)
      return case3(c);
    case 0x00:  // the test suites' case 2E: Ne bytes of value P2
      return repeated_p2(c);
    case 0x34:
      return case2(c, true);
    case 0x3C:
      return case2(c, false);
    case 0x36:
      return case4(c, true);
    case 0x3E:
      return case4(c, false);
    case 0x38:
      return time_request(c);
    case 0x20:
      return verify_pin(c);
    case 0x40:
      return dump(c);
    default:
      return status_only(SW_INS_NOT_SUPPORTED);
  }
}

// `80 30 00 00 [00]`: an Le byte of 00 is the optional P3 of a T=0 case 1.
ResponseApdu ReadertestApp::case1(const CommandApdu& c) const {
  if (!c.data.empty() || (c.le && *c.le != 0)) return status_only(SW_WRONG_LENGTH);
  return status_only(SW_OK);
}

ResponseApdu ReadertestApp::case3(const CommandApdu& c) const {
  if (c.data.empty()) return status_only(SW_WRONG_LENGTH);
  if (auto bad = first_mismatch(c.data, 0)) {
    return status_only(static_cast<std::uint16_t>(0x6A00 | (*bad & 0xFF)));
  }
  return status_only(SW_OK);
}

ResponseApdu ReadertestApp::case2(const CommandApdu& c, bool bound) const {
  if (!c.data.empty()) return status_only(SW_WRONG_LENGTH);
  if (bound && c.ne() != c.p1p2()) return status_only(SW_WRONG_LENGTH);
  return with_data(pattern(c.p1p2()));
}

// Bound: a nonzero Le must equal P1P2 (Le 00 asks for "up to the maximum", always accepted).
ResponseApdu ReadertestApp::case4(const CommandApdu& c, bool bound) const {
  ResponseApdu in = case3(c);
  if (in.sw != SW_OK) return in;
  if (bound && c.le && *c.le != 0 && *c.le != c.p1p2()) return status_only(SW_WRONG_LENGTH);
  return with_data(pattern(c.p1p2()));
}

// pcsc-lite's HandlerTest and validation.py (`-e`) send `80 00 04 P2 00 LeHi LeLo` and expect
// Le bytes that all equal P2 (0x42 and 0x2A there); P1 (04 there) is not checked.
ResponseApdu ReadertestApp::repeated_p2(const CommandApdu& c) const {
  if (!c.data.empty()) return status_only(SW_WRONG_LENGTH);
  return with_data(Bytes(c.ne(), std::byte{c.p2}));
}

ResponseApdu ReadertestApp::time_request(const CommandApdu& c) const {
  ResponseApdu r = status_only(SW_OK);
  r.work_ms = unit_ms_ * c.p2;
  return r;
}

// The PIN must read 31 32 33 ...; the header and data are kept for the dump command.
ResponseApdu ReadertestApp::verify_pin(const CommandApdu& c) {
  remembered_ = {std::byte{c.cla}, std::byte{c.ins}, std::byte{c.p1}, std::byte{c.p2},
                 static_cast<std::byte>(c.data.size() & 0xFF)};
  remembered_.insert(remembered_.end(), c.data.begin(), c.data.end());
  if (auto bad = first_mismatch(c.data, 0x31)) {
    return status_only(static_cast<std::uint16_t>(0x6A00 | (*bad & 0xFF)));
  }
  return status_only(SW_OK);
}

ResponseApdu ReadertestApp::dump(const CommandApdu& c) const {
  (void)c;
  return with_data(remembered_);
}

}  // namespace readerkit::sim::card
