// SPDX-License-Identifier: MIT
// Command APDU parsing (ISO/IEC 7816-4 §5.1: cases 1-4, short and extended length fields).
#include <algorithm>

#include "readerkit/apdu.hpp"

namespace readerkit {
namespace {

std::size_t u8(std::byte b) {
  return static_cast<std::uint8_t>(b);
}
std::size_t u16(std::span<const std::byte> a, std::size_t at) {
  return u8(a[at]) << 8 | u8(a[at + 1]);
}

Apdu with(std::span<const std::byte> apdu, ApduCase kind, std::size_t data_at, std::size_t lc,
          std::size_t ne) {
  Apdu a;
  std::copy_n(apdu.begin(), 4, a.header.begin());
  a.kind = kind;
  a.data = apdu.subspan(data_at, lc);
  a.ne = ne;
  return a;
}

Result<Apdu> parse_extended(std::span<const std::byte> apdu) {
  const std::size_t n = apdu.size();
  if (n == 7) return with(apdu, ApduCase::case2E, 7, 0, u16(apdu, 5) ? u16(apdu, 5) : 65536);
  const std::size_t lc = u16(apdu, 5);
  if (lc == 0) return Status::INVALID_PARAMETER;
  if (n == 7 + lc) return with(apdu, ApduCase::case3E, 7, lc, 0);
  if (n == 9 + lc) {
    const std::size_t le = u16(apdu, n - 2);
    return with(apdu, ApduCase::case4E, 7, lc, le ? le : 65536);
  }
  return Status::INVALID_PARAMETER;
}

}  // namespace

Result<Apdu> parse_apdu(std::span<const std::byte> apdu) {
  const std::size_t n = apdu.size();
  if (n < 4) return Status::INVALID_PARAMETER;
  if (n == 4) return with(apdu, ApduCase::case1, 4, 0, 0);
  const std::size_t b4 = u8(apdu[4]);
  if (n == 5) return with(apdu, ApduCase::case2S, 5, 0, b4 ? b4 : 256);
  if (b4 == 0) return n >= 7 ? parse_extended(apdu) : Result<Apdu>(Status::INVALID_PARAMETER);
  if (n == 5 + b4) return with(apdu, ApduCase::case3S, 5, b4, 0);
  if (n == 6 + b4) {
    const std::size_t le = u8(apdu[n - 1]);
    return with(apdu, ApduCase::case4S, 5, b4, le ? le : 256);
  }
  return Status::INVALID_PARAMETER;
}

}  // namespace readerkit
