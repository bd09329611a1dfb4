// SPDX-License-Identifier: MIT
// The APDU-level helper (opt-in; docs/protocol.md "APDU-level helper"): sends a
// command APDU through IOCTL_SMARTCARD_TRANSMIT with the selected protocol. Over T=0 it maps
// ISO/IEC 7816-3 §12.2 cases 1-4 to TPDUs, fetches 61xx answers with GET RESPONSE, resends on
// 6Cxx and carries extended APDUs in ENVELOPE commands; over T=1 and RAW the APDU passes as
// it is. The mapping is pure (an exchange function moves TPDUs) so tests can fake the card.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "readerkit/bytes.hpp"
#include "readerkit/result.hpp"

namespace readerkit {

class Device;

/// ISO/IEC 7816-4 §5.1 command cases, short (S) and extended (E).
enum class ApduCase { case1, case2S, case3S, case4S, case2E, case3E, case4E };

/// A command APDU split into its fields; `data` views into the APDU.
struct Apdu {
  ApduCase kind = ApduCase::case1;
  std::array<std::byte, 4> header{};  // CLA INS P1 P2
  std::span<const std::byte> data;    // Lc bytes
  std::size_t ne = 0;                 // expected response length (Le; 0 when absent)
  bool extended() const { return kind >= ApduCase::case2E; }
};

/// Parses a command APDU (short or extended encoding); INVALID_PARAMETER when the length
/// fields do not match the bytes.
Result<Apdu> parse_apdu(std::span<const std::byte> apdu);

/// Sends one TPDU and returns the card's answer (data + SW1 SW2).
using TpduExchange = std::function<Result<Bytes>(std::span<const std::byte> tpdu)>;

/// Largest response APDU: 65536 data bytes (extended Le) + SW1 SW2. The T=0 mapping, the T=1
/// engine and the drivers accept no longer answer.
inline constexpr std::size_t APDU_MAX_RESPONSE = 65538;
/// INS of ENVELOPE (ISO/IEC 7816-4 §11.5.3) and GET RESPONSE (§11.5.2).
inline constexpr std::byte INS_ENVELOPE{0xC2};
inline constexpr std::byte INS_GET_RESPONSE{0xC0};

/// Maps one APDU onto T=0 TPDUs through `exchange` (§12.2): case 1 (P3 = 00), case 2
/// (P3 = Le; 6Cxx → resend with P3 = xx), case 3, case 4 (sent as case 3, then GET RESPONSE
/// with the command's CLA on 61xx, repeated while 61xx). Extended APDUs go in ENVELOPE
/// commands of at most 255 bytes, unless `card_offers_t1` (then NOT_SUPPORTED: use T=1).
Result<Bytes> t0_apdu_exchange(std::span<const std::byte> apdu, const TpduExchange& exchange,
                               bool card_offers_t1);

/// Sends `apdu` through IOCTL_SMARTCARD_TRANSMIT with device.card().protocol_selected and
/// returns the response APDU (data + SW1 SW2) without the SCARD_IO_REQUEST header.
Result<Bytes> transmit_apdu(Device& device, std::span<const std::byte> apdu);

}  // namespace readerkit
