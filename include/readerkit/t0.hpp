// SPDX-License-Identifier: MIT
// T=0 (ISO/IEC 7816-3 §10): the contract's request/reply helpers for readers that exchange
// whole TPDUs (docs/contract/ioctl.md §6), and a character-level engine with procedure bytes for
// readers that move single bytes. Both take TPDUs: CLA INS P1 P2 P3 [data]; a 61xx answer
// comes back as it is (APDU-level mapping is apdu.hpp's opt-in job).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "readerkit/bytes.hpp"
#include "readerkit/driver.hpp"
#include "readerkit/protocol_state.hpp"
#include "readerkit/result.hpp"
#include "readerkit/status.hpp"
#include "readerkit/transport.hpp"

namespace readerkit {

/// Procedure byte NULL: the card asks for more time (§10.3.3).
inline constexpr std::byte T0_NULL{0x60};
/// NULL bytes accepted in one exchange: a card sending only NULLs ends with a protocol error.
inline constexpr std::uint32_t T0_MAX_NULLS = 100000;

/// A T=0 command TPDU and the direction of its data (§10.3.2).
struct T0Tpdu {
  std::array<std::byte, 5> header{};  // CLA INS P1 P2 P3
  std::span<const std::byte> data;    // case 3: the P3 bytes to send (views the command)
  std::size_t expected = 0;           // case 2: bytes the card sends (P3, 0 = 256)
};

/// Checks a command as a TPDU: 4 bytes (case 1, P3 = 00 added), 5 bytes (case 1/2: P3 bytes
/// expected from the card, 00 = 256), 5 + P3 bytes (case 3) or 5 + P3 + 1 bytes (case 4S, sent
/// as its case 3 TPDU without Le: ISO/IEC 7816-3 §12.2.4; the card answers 61xx or its status
/// word and the application sends GET RESPONSE). INVALID_PARAMETER otherwise.
Result<T0Tpdu> parse_tpdu(std::span<const std::byte> command);

/// True when SW1 is a status byte (6x or 9x, but not the NULL byte 60).
constexpr bool is_sw1(std::byte b) {
  const auto v = static_cast<std::uint8_t>(b);
  return v != 0x60 && ((v & 0xF0) == 0x60 || (v & 0xF0) == 0x90);
}

/// Request helper: appends the TPDU (CLA INS P1 P2 P3 [data]) to *params.smartcard_request
/// after the driver's header bytes (its current length).
Status t0_request(CallbackParams& params);

/// Reply helper: *params.smartcard_reply must end with SW1 SW2 (else DEVICE_PROTOCOL_ERROR);
/// copies SCARD_IO_REQUEST + response to params.reply and sets *bytes_returned.
Status t0_reply(CallbackParams& params);

/// Character-level exchange of one TPDU with procedure bytes: ACK (INS: all remaining bytes),
/// complement ACK (INS ^ FF: one byte), NULL (60: wait again, WT restarts), SW1 SW2 (end).
/// Each character is awaited for at most card.wt_us. Writes the response like t0_reply().
Status t0_transmit(CallbackParams& params, ByteTransport& transport);

/// The engine itself, for tests and fuzzing: exchanges `tpdu` and returns data + SW1 SW2.
/// NULL bytes extend the exchange for at most T0_MAX_NULLS bytes (DEVICE_PROTOCOL_ERROR) and
/// `max_keepalive_ms` in all (IO_TIMEOUT). Header, procedure bytes, data and SW1 SW2 are
/// reported to `trace` as they go.
Result<Bytes> t0_exchange(const T0Tpdu& tpdu, ByteTransport& transport, std::uint32_t wt_us,
                          std::uint32_t max_keepalive_ms = MAX_KEEPALIVE_MS_DEFAULT,
                          TracePoint trace = {});

}  // namespace readerkit
