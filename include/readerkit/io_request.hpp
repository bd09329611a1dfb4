// SPDX-License-Identifier: MIT
// The SCARD_IO_REQUEST header of IOCTL_SMARTCARD_TRANSMIT (docs/contract/ioctl.md §4) and the raw
// request/reply helpers of the contract's routine table (§6).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "readerkit/bytes.hpp"
#include "readerkit/driver.hpp"
#include "readerkit/status.hpp"

namespace readerkit {

/// Size of SCARD_IO_REQUEST {ULONG dwProtocol; ULONG cbPciLength}.
inline constexpr std::size_t SCARD_IO_REQUEST_SIZE = 8;

/// The input of IOCTL_SMARTCARD_TRANSMIT as a host builds it: SCARD_IO_REQUEST {protocol, 8}
/// then `command`.
Bytes transmit_request(std::uint32_t protocol, std::span<const std::byte> command);

/// The command bytes of a TRANSMIT request: what follows the header's pci_length bytes
/// (the dispatcher has already checked 8 <= pci_length <= input size).
std::span<const std::byte> transmit_command(const CallbackParams& params);

/// Writes SCARD_IO_REQUEST {protocol, 8} then `response` into params.reply and sets
/// *params.bytes_returned. BUFFER_TOO_SMALL when it does not fit. `response` may alias
/// params.request (copied with memmove semantics).
Status complete_transmit(CallbackParams& params, std::uint32_t protocol,
                         std::span<const std::byte> response);

/// Appends `bytes` to smartcard_request after the driver's header (its current length).
/// BUFFER_TOO_SMALL when the buffer cannot hold them.
Status append_to_smartcard_request(CallbackParams& params, std::span<const std::byte> bytes);

/// Raw protocol: the command bytes go to smartcard_request as they are (after the header).
Status raw_request(CallbackParams& params);
/// Raw protocol: smartcard_reply's bytes become the response (SCARD_PROTOCOL_RAW header).
Status raw_reply(CallbackParams& params);

}  // namespace readerkit
