// SPDX-License-Identifier: MIT
// IFDHControl: what a PC/SC client may ask of the reader through SCardControl
// (docs/ifdhandler.md "IFDHControl"). pcscd owns the card's state, so only requests that
// cannot desynchronise it reach the device; vendor requests need the administrator's consent.
#pragma once

#include "pcsc_api.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

#include "reader_table.hpp"

namespace readerkit::ifd {

/// pcsc-lite's escape to the reader, SCARD_CTL_CODE(1) in its spelling.
inline constexpr std::uint32_t kPcscliteEscape = 0x42000001;

/// The Windows request the escape becomes: IOCTL_CCID_ESCAPE, SCARD_CTL_CODE(3500), a vendor code.
inline constexpr std::uint32_t kCcidEscape = 0x00310000u | (3500u << 2);

/// Handles one SCardControl request; `returned` is 0 on any error.
RESPONSECODE handle_control(const Slot& slot, std::uint32_t code,
                            std::span<const std::byte> input, std::span<std::byte> output,
                            std::size_t& returned);

}  // namespace readerkit::ifd
