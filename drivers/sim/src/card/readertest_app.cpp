// SPDX-License-Identifier: MIT
#include "card/readertest_app.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

namespace readerkit::sim::card {
namespace {

/// The longest pattern a command asks for (P1P2 up to FFFF) plus a start offset up to 0xFF,
/// so every run of the pattern, whatever its first value, is one contiguous view.
constexpr std::size_t kPatternSize = 0x10000 + 0x100;

/// Bytes i mod 256, made once per process; answers and checks view it instead of building it.
std::span<const std::byte> pattern_table() {
  static const auto table = [] {
    auto t = std::make_unique<std::byte[]>(kPatternSize);
    for (std::size_t i = 0; i < kPatternSize; ++i) t[i] = static_cast<std::byte>(i & 0xFF);
    return t;
  }();
  return {table.get(), kPatternSize};
}

/// The pattern 00 01 02 ... of n bytes (n <= 0xFFFF).
std::span<const std::byte> pattern(std::size_t n) {
  return pattern_table().first(n);
}

/// Index of the first byte not matching `first + i`, or nullopt when all match (one memcmp
/// for the usual case of data that matches).
std::optional<std::size_t> first_mismatch(std::span<const std::byte> data, std::uint8_t first) {
  if (data.empty()) return std::nullopt;  // (an empty span's data() may be null: no memcmp)
  const auto expected = pattern_table().subspan(first);
  const std::size_t n = std::min(data.size(), expected.size());
  if (n == data.size() && std::memcmp(data.data(), expected.data(), n) == 0) return std::nullopt;
  const auto [bad, unused] =
      std::mismatch(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n), expected.begin());
  (void)unused;
  return static_cast<std::size_t>(bad - data.begin());
}

ResponseApdu with_data(std::span<const std::byte> data) {
  return ResponseApdu{data, SW_OK, 0};
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
ResponseApdu ReadertestApp::repeated_p2(const CommandApdu& c) {
  if (!c.data.empty()) return status_only(SW_WRONG_LENGTH);
  scratch_.assign(c.ne(), std::byte{c.p2});
  return with_data(scratch_);
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
