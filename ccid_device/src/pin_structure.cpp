// SPDX-License-Identifier: MIT
// CCID abPINDataStructure to PC/SC part 10 structures (pin_structure.hpp). Field offsets are
// CCID rev 1.1 tables 6.1-11 (verification) and 6.1-12 (modification).
#include "pin_structure.hpp"

#include <array>

namespace readerkit::ccid_device {
namespace {

// Bytes before bMsgIndex(1) in CCID's form, bTimeOut included.
constexpr std::size_t kVerifyHead = 10;  // bTimeOut .. wLangId
constexpr std::size_t kModifyHead = 13;  // bTimeOut .. wLangId
constexpr std::size_t kTeoPrologue = 3;
constexpr std::size_t kApduHeader = 5;

bool well_formed_apdu(std::span<const std::byte> apdu) {
  if (apdu.size() < kApduHeader) return false;
  return apdu.size() == kApduHeader + std::to_integer<std::size_t>(apdu[4]);
}

// bTimeOut, bTimerOut2 = 0, the fields up to and with the message indexes (padded to
// `indexes` of them with 0), bTeoPrologue, ulDataLength, abData.
Bytes assemble(std::span<const std::byte> s, std::size_t head, std::size_t given,
               std::size_t indexes) {
  Bytes out{s[0], std::byte{0}};
  out.insert(out.end(), s.begin() + 1, s.begin() + static_cast<std::ptrdiff_t>(head + given));
  out.insert(out.end(), indexes - given, std::byte{0});
  const auto teo = s.subspan(head + given, kTeoPrologue);
  out.insert(out.end(), teo.begin(), teo.end());
  const auto apdu = s.subspan(head + given + kTeoPrologue);
  Bytes length(4);
  store_le32(length, static_cast<std::uint32_t>(apdu.size()));
  out.insert(out.end(), length.begin(), length.end());
  out.insert(out.end(), apdu.begin(), apdu.end());
  return out;
}

}  // namespace

std::optional<Bytes> part10_verify(std::span<const std::byte> s) {
  if (s.size() < kVerifyHead + 1 + kTeoPrologue + kApduHeader) return std::nullopt;
  return assemble(s, kVerifyHead, 1, 1);
}

std::optional<Bytes> part10_modify(std::span<const std::byte> s) {
  for (const std::size_t given : std::array<std::size_t, 3>{3, 2, 1}) {
    if (s.size() < kModifyHead + given + kTeoPrologue + kApduHeader) continue;
    if (well_formed_apdu(s.subspan(kModifyHead + given + kTeoPrologue))) {
      return assemble(s, kModifyHead, given, 3);
    }
  }
  return std::nullopt;
}

}  // namespace readerkit::ccid_device
