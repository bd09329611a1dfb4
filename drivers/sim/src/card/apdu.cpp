// SPDX-License-Identifier: MIT
#include "card/apdu.hpp"

namespace readerkit::sim::card {
namespace {

std::uint8_t at(std::span<const std::byte> b, std::size_t i) {
  return static_cast<std::uint8_t>(b[i]);
}

std::uint32_t be16(std::span<const std::byte> b, std::size_t i) {
  return static_cast<std::uint32_t>(at(b, i) << 8 | at(b, i + 1));
}

// Body after the header, ISO/IEC 7816-4 §5.1 table 1 (short) / table 2 (extended).
bool parse_body(std::span<const std::byte> body, CommandApdu& c) {
  const std::size_t n = body.size();
  if (n == 0) return true;  // case 1
  if (n == 1) {
    c.le = at(body, 0);
    return true;
  }                        // case 2S
  if (at(body, 0) != 0) {  // short Lc
    const std::size_t lc = at(body, 0);
    if (n == 1 + lc) {
      c.data = body.subspan(1);
      return true;
    }                   // 3S
    if (n == 2 + lc) {  // 4S
      c.data = body.subspan(1, lc);
      c.le = at(body, n - 1);
      return true;
    }
    return false;
  }
  if (n < 3) return false;  // 00 then fewer than two length bytes
  c.extended = true;
  if (n == 3) {
    c.le = be16(body, 1);
    return true;
  }  // case 2E
  const std::size_t lc = be16(body, 1);
  if (lc == 0) return false;
  if (n == 3 + lc) {
    c.data = body.subspan(3);
    return true;
  }                   // 3E
  if (n == 5 + lc) {  // 4E
    c.data = body.subspan(3, lc);
    c.le = be16(body, n - 2);
    return true;
  }
  return false;
}

}  // namespace

std::size_t CommandApdu::ne() const {
  if (!le) return 0;
  if (*le != 0) return *le;
  return extended ? 65536 : 256;
}

std::optional<CommandApdu> parse_command_apdu(std::span<const std::byte> apdu) {
  if (apdu.size() < 4) return std::nullopt;
  CommandApdu c;
  c.cla = at(apdu, 0);
  c.ins = at(apdu, 1);
  c.p1 = at(apdu, 2);
  c.p2 = at(apdu, 3);
  if (!parse_body(apdu.subspan(4), c)) return std::nullopt;
  return c;
}

void ResponseApdu::bytes_into(Bytes& out) const {
  out.assign(data.begin(), data.end());
  out.push_back(static_cast<std::byte>(sw1()));
  out.push_back(static_cast<std::byte>(sw2()));
}

}  // namespace readerkit::sim::card
