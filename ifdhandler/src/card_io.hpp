// SPDX-License-Identifier: MIT
// The card-facing IFDH entry points, each one IOCTL: IFDHPowerICC -> IOCTL_SMARTCARD_POWER,
// IFDHSetProtocolParameters -> SET_PROTOCOL, IFDHTransmitToICC -> TRANSMIT,
// IFDHICCPresence -> GET_STATE (docs/ifdhandler.md, mapping table).
#pragma once

#include "pcsc_api.hpp"

#include <cstddef>
#include <span>

#include "reader_table.hpp"

namespace readerkit::ifd {

/// Largest command or response pcscd exchanges: an extended APDU with 65536 data bytes plus
/// header, Lc/Le and status word (pcsc-lite's MAX_BUFFER_SIZE_EXTENDED).
inline constexpr std::size_t kMaxApduBuffer = 65548;

/// IFD_POWER_UP / IFD_RESET / IFD_POWER_DOWN. `atr` holds MAX_ATR_SIZE bytes (or is empty for
/// a power-down, where pcscd passes no buffer); `atr_length` is 0 on any error.
RESPONSECODE power_icc(const Slot& slot, DWORD action, std::span<std::byte> atr,
                       std::size_t& atr_length);

/// pcsc-lite protocol (1 T=0, 2 T=1, 4 RAW); PTS1 0x11 with IFD_NEGOTIATE_PTS1 asks for the
/// default parameters (no PPS), anything else lets the library negotiate the fastest rate.
RESPONSECODE set_protocol(const Slot& slot, DWORD protocol, UCHAR flags, UCHAR pts1);

/// One exchange; `pci_protocol` is SCARD_IO_HEADER.Protocol (0 T=0, 1 T=1, 4 RAW).
RESPONSECODE transmit(const Slot& slot, DWORD pci_protocol, std::span<const std::byte> command,
                      std::span<std::byte> response, std::size_t& response_length);

/// IFD_ICC_PRESENT for any inserted card (powered or not), IFD_ICC_NOT_PRESENT otherwise.
RESPONSECODE icc_presence(const Slot& slot);

}  // namespace readerkit::ifd
