// SPDX-License-Identifier: MIT
// The simulated reader's vendor IOCTLs (RDF_IOCTL_VENDOR): a small table of codes in the
// vendor range (docs/contract/ioctl.md §2), documented in docs/sim.md "Vendor IOCTLs".
#pragma once

#include <string_view>

#include "readerkit/driver.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::sim {

/// The firmware string the simulated reader reports (vendor IOCTLs below).
inline constexpr std::string_view kSimFirmware = "ReaderKit Simulated Reader firmware 1.0";

/// SCARD_CTL_CODE(3500), the Windows CCID escape (pcsc-lite's 0x42000001 maps to it in the
/// IFD handler): echoes its input; an empty input answers kSimFirmware.
inline constexpr std::uint32_t SIM_IOCTL_ESCAPE = SCARD_CTL_CODE(3500);

/// SCARD_CTL_CODE(2048): answers kSimFirmware, input ignored.
inline constexpr std::uint32_t SIM_IOCTL_GET_FIRMWARE = SCARD_CTL_CODE(2048);

/// RDF_IOCTL_VENDOR. Vendor codes of the table run their handler; other vendor codes give
/// STATUS_INVALID_DEVICE_REQUEST; a reply larger than the output gives
/// STATUS_BUFFER_TOO_SMALL. Attributes the library does not know (GET/SET_ATTRIBUTE reach
/// this callback too) are STATUS_NOT_SUPPORTED: the simulated reader has no vendor attributes.
Status sim_vendor_ioctl(CallbackParams& params);

}  // namespace readerkit::sim
