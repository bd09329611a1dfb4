// SPDX-License-Identifier: MIT
// Control code helpers and names (docs/contract/ioctl.md §2).
#include "readerkit/ioctl.hpp"

#include <array>

#include "detail/text.hpp"

namespace readerkit {
namespace {

struct IoctlName {
  std::uint32_t code;
  std::string_view name;
};

constexpr std::array<IoctlName, 16> kIoctls{{
    {IOCTL_SMARTCARD_POWER, "IOCTL_SMARTCARD_POWER"},
    {IOCTL_SMARTCARD_GET_ATTRIBUTE, "IOCTL_SMARTCARD_GET_ATTRIBUTE"},
    {IOCTL_SMARTCARD_SET_ATTRIBUTE, "IOCTL_SMARTCARD_SET_ATTRIBUTE"},
    {IOCTL_SMARTCARD_CONFISCATE, "IOCTL_SMARTCARD_CONFISCATE"},
    {IOCTL_SMARTCARD_TRANSMIT, "IOCTL_SMARTCARD_TRANSMIT"},
    {IOCTL_SMARTCARD_EJECT, "IOCTL_SMARTCARD_EJECT"},
    {IOCTL_SMARTCARD_SWALLOW, "IOCTL_SMARTCARD_SWALLOW"},
    {IOCTL_SMARTCARD_IS_PRESENT, "IOCTL_SMARTCARD_IS_PRESENT"},
    {IOCTL_SMARTCARD_IS_ABSENT, "IOCTL_SMARTCARD_IS_ABSENT"},
    {IOCTL_SMARTCARD_SET_PROTOCOL, "IOCTL_SMARTCARD_SET_PROTOCOL"},
    {IOCTL_SMARTCARD_GET_STATE, "IOCTL_SMARTCARD_GET_STATE"},
    {IOCTL_SMARTCARD_GET_LAST_ERROR, "IOCTL_SMARTCARD_GET_LAST_ERROR"},
    {IOCTL_SMARTCARD_GET_PERF_CNTR, "IOCTL_SMARTCARD_GET_PERF_CNTR"},
    {IOCTL_FEATURE_VERIFY_PIN_DIRECT, "IOCTL_FEATURE_VERIFY_PIN_DIRECT"},
    {IOCTL_FEATURE_MODIFY_PIN_DIRECT, "IOCTL_FEATURE_MODIFY_PIN_DIRECT"},
    {IOCTL_FEATURE_IFD_PIN_PROPERTIES, "IOCTL_FEATURE_IFD_PIN_PROPERTIES"},
}};

// CTL_CODE layout: device type << 16 | access << 14 | function << 2 | method. The smart card
// class uses device type 0x31, FILE_ANY_ACCESS (0) and METHOD_BUFFERED (0).
constexpr std::uint32_t kFixedMask = 0xFFFFC003u;
constexpr std::uint32_t kFixedBits = 0x00310000u;

}  // namespace

std::optional<std::uint32_t> scard_ctl_number(std::uint32_t windows_code) {
  if ((windows_code & kFixedMask) != kFixedBits) return std::nullopt;
  return (windows_code >> 2) & 0x0FFFu;
}

std::uint32_t to_windows_form(std::uint32_t code) {
  // pcsc-lite's SCARD_CTL_CODE(n) is 0x42000000 + n; n is a 12-bit function number.
  if (code >= PCSCLITE_CTL_CODE(0) && code <= PCSCLITE_CTL_CODE(0x0FFF))
    return SCARD_CTL_CODE(code - PCSCLITE_CTL_CODE(0));
  return code;
}

bool is_vendor_ioctl(std::uint32_t windows_code) {
  const auto n = scard_ctl_number(windows_code);
  return n && *n >= SCARD_VENDOR_FIRST && *n <= SCARD_VENDOR_LAST;
}

std::string_view ioctl_name(std::uint32_t windows_code) {
  for (const auto& row : kIoctls) {
    if (row.code == windows_code) return row.name;
  }
  return {};
}

std::optional<std::uint32_t> ioctl_from_name(std::string_view name) {
  const std::string_view bare = detail::strip_prefix(name, "IOCTL_SMARTCARD_");
  for (const auto& row : kIoctls) {
    if (detail::iequals(bare, row.name.substr(16))) return row.code;
  }
  return std::nullopt;
}

}  // namespace readerkit
