// SPDX-License-Identifier: MIT
// Protocol and parameters selection (ISO/IEC 7816-3 §9; docs/protocol.md "PPS").
// SET_PROTOCOL prepares the request with prepare_pps() before RDF_SET_PROTOCOL; the driver
// sends card.pps.bytes, reads the answer and asks check_pps_response() whether it may use the
// new parameters (apply_pps) or must power-cycle and fall back to the defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "readerkit/capabilities.hpp"
#include "readerkit/result.hpp"
#include "readerkit/trace.hpp"
#include "readerkit/transport.hpp"

namespace readerkit {

/// PPSS, the initial byte of a PPS request and response.
inline constexpr std::byte PPSS{0xFF};
/// PPS0 presence bits for PPS1, PPS2, PPS3 (b5, b6, b7); b8 is reserved.
inline constexpr std::uint8_t PPS0_PPS1 = 0x10;
inline constexpr std::uint8_t PPS0_PPS2 = 0x20;
inline constexpr std::uint8_t PPS0_PPS3 = 0x40;

/// The PPS request SET_PROTOCOL sends for `protocol` (one SCARD_PROTOCOL_T0/T1 bit): empty in
/// specific mode, for RAW, or when neither better Fi/Di nor a protocol change is needed.
/// Otherwise PPSS PPS0 [PPS1] PCK with the fastest Fi/Di the card offers (TA1) that the
/// reader's max clock and max data rate allow, D lowered step by step when too fast. A PPS
/// without PPS1 selects a protocol other than the card's first offered one (§9.1).
PpsRequest prepare_pps(const CardCapabilities& card, const ReaderCapabilities& reader,
                       std::uint32_t protocol);

/// Builds PPSS PPS0 [PPS1] PCK for protocol number t (0 or 1).
PpsRequest make_pps_request(std::uint8_t t, std::optional<std::uint8_t> pps1);

/// Number of bytes of a PPS message whose PPS0 is `pps0` (PPSS, PPS0, PPS1..3, PCK), for
/// readers that read the answer byte by byte.
std::size_t pps_message_length(std::byte pps0);

/// Checks the card's answer (§9.3): PPSS, PCK, same protocol, each PPSi echoed or (PPS1
/// only) absent. Returns the TA1 value now in effect (0x11 when PPS1 is absent in the
/// response); DEVICE_PROTOCOL_ERROR for anything else, so the driver falls back to defaults.
/// Every driver's PPS passes here, so the request and the answer are reported to `trace`.
Result<std::uint8_t> check_pps_response(const PpsRequest& request,
                                        std::span<const std::byte> response,
                                        TracePoint trace = {});

/// For readers that move characters: sends the request, reads PPSS and PPS0, then the rest of
/// the answer by PPS0's presence bits, each byte within `timeout_us`, and checks it. Returns
/// the TA1 in effect, the transport's status (IO_TIMEOUT for a silent card) or
/// DEVICE_PROTOCOL_ERROR.
Result<std::uint8_t> exchange_pps(ByteTransport& transport, const PpsRequest& request,
                                  std::uint32_t timeout_us, TracePoint trace = {});

/// Uses the Fi/Di of `ta1` (PPS1 as accepted) and recomputes the times.
void apply_pps(CardCapabilities& card, const ReaderCapabilities& reader, std::uint8_t ta1);

}  // namespace readerkit
