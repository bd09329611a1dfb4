// SPDX-License-Identifier: MIT
// Control codes of the smart card class (docs/contract/ioctl.md §2): the Windows form
// SCARD_CTL_CODE(n) = 0x00310000 | n << 2 and the pcsc-lite form 0x42000000 + n.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace readerkit {

/// Windows form of a smart card control code (FILE_DEVICE_SMARTCARD, METHOD_BUFFERED).
constexpr std::uint32_t SCARD_CTL_CODE(std::uint32_t n) { return 0x00310000u | (n << 2); }

/// pcsc-lite's spelling of the same request number.
constexpr std::uint32_t PCSCLITE_CTL_CODE(std::uint32_t n) { return 0x42000000u + n; }

inline constexpr std::uint32_t IOCTL_SMARTCARD_POWER = SCARD_CTL_CODE(1);
inline constexpr std::uint32_t IOCTL_SMARTCARD_GET_ATTRIBUTE = SCARD_CTL_CODE(2);
inline constexpr std::uint32_t IOCTL_SMARTCARD_SET_ATTRIBUTE = SCARD_CTL_CODE(3);
inline constexpr std::uint32_t IOCTL_SMARTCARD_CONFISCATE = SCARD_CTL_CODE(4);
inline constexpr std::uint32_t IOCTL_SMARTCARD_TRANSMIT = SCARD_CTL_CODE(5);
inline constexpr std::uint32_t IOCTL_SMARTCARD_EJECT = SCARD_CTL_CODE(6);
inline constexpr std::uint32_t IOCTL_SMARTCARD_SWALLOW = SCARD_CTL_CODE(7);
inline constexpr std::uint32_t IOCTL_SMARTCARD_IS_PRESENT = SCARD_CTL_CODE(10);
inline constexpr std::uint32_t IOCTL_SMARTCARD_IS_ABSENT = SCARD_CTL_CODE(11);
inline constexpr std::uint32_t IOCTL_SMARTCARD_SET_PROTOCOL = SCARD_CTL_CODE(12);
inline constexpr std::uint32_t IOCTL_SMARTCARD_GET_STATE = SCARD_CTL_CODE(14);
inline constexpr std::uint32_t IOCTL_SMARTCARD_GET_LAST_ERROR = SCARD_CTL_CODE(15);
inline constexpr std::uint32_t IOCTL_SMARTCARD_GET_PERF_CNTR = SCARD_CTL_CODE(16);

/// Vendor request numbers 2048..4095 (Windows codes 0x00312000..0x00313FFC).
inline constexpr std::uint32_t SCARD_VENDOR_FIRST = 2048;
inline constexpr std::uint32_t SCARD_VENDOR_LAST = 4095;

/// PC/SC part 10 feature request, SCARD_CTL_CODE(3400), in both spellings.
inline constexpr std::uint32_t CM_IOCTL_GET_FEATURE_REQUEST = SCARD_CTL_CODE(3400);
inline constexpr std::uint32_t CM_IOCTL_GET_FEATURE_REQUEST_PCSCLITE = PCSCLITE_CTL_CODE(3400);

/// PIN pad features (PC/SC part 10), at SCARD_CTL_CODE(3400 + feature tag): served by the
/// library for a driver with RDF_PIN_ENTRY (docs/pinpad.md), NOT_SUPPORTED otherwise.
inline constexpr std::uint32_t IOCTL_FEATURE_VERIFY_PIN_DIRECT = SCARD_CTL_CODE(3400 + 0x06);
inline constexpr std::uint32_t IOCTL_FEATURE_MODIFY_PIN_DIRECT = SCARD_CTL_CODE(3400 + 0x07);
inline constexpr std::uint32_t IOCTL_FEATURE_IFD_PIN_PROPERTIES = SCARD_CTL_CODE(3400 + 0x0A);

/// The request number n of a Windows-form code; nullopt if the code is not of that form.
std::optional<std::uint32_t> scard_ctl_number(std::uint32_t windows_code);

/// Converts a pcsc-lite-form code (0x42000000 + n) to the Windows form; other codes unchanged.
std::uint32_t to_windows_form(std::uint32_t code);

/// True for a Windows-form vendor code (n in 2048..4095).
bool is_vendor_ioctl(std::uint32_t windows_code);

/// "IOCTL_SMARTCARD_POWER" etc.; empty for codes without a name (vendor codes included).
std::string_view ioctl_name(std::uint32_t windows_code);

/// Parses a name ("IOCTL_SMARTCARD_POWER" or "POWER") to its Windows code.
std::optional<std::uint32_t> ioctl_from_name(std::string_view name);

}  // namespace readerkit
