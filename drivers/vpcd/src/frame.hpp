// SPDX-License-Identifier: MIT
// The vpcd wire format (vsmartcard; docs/vpcd.md): every message is a
// 2-byte big-endian length and that many payload bytes. A one-byte payload from the reader is a
// control command; anything longer is a command APDU, answered by a response APDU.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "readerkit/bytes.hpp"

namespace readerkit::vpcd::detail {

/// One-byte control commands the reader sends; only VPCD_CTRL_ATR is answered (with the ATR).
enum class VpcdControl : std::uint8_t {
  VPCD_CTRL_OFF = 0x00,
  VPCD_CTRL_ON = 0x01,
  VPCD_CTRL_RESET = 0x02,
  VPCD_CTRL_ATR = 0x04,
};

inline constexpr std::size_t kLengthPrefixSize = 2;
inline constexpr std::size_t kMaxPayload = 0xFFFF;
/// The shortest command APDU (CLA INS P1 P2); shorter payloads would read as control bytes.
inline constexpr std::size_t kMinCommandApdu = 4;
/// The shortest response APDU: SW1 SW2.
inline constexpr std::size_t kMinResponseApdu = 2;
/// The longest ATR ISO/IEC 7816-3 §8.2.1 allows.

/// Appends one frame (prefix + payload) to `out`; the payload must hold at most kMaxPayload.
inline void append_frame(Bytes& out, std::span<const std::byte> payload) {
  out.push_back(static_cast<std::byte>(payload.size() >> 8));
  out.push_back(static_cast<std::byte>(payload.size() & 0xFF));
  out.insert(out.end(), payload.begin(), payload.end());
}

/// Appends a control frame (length 1).
inline void append_control(Bytes& out, VpcdControl c) {
  const std::array<std::byte, 1> payload{static_cast<std::byte>(c)};
  append_frame(out, payload);
}

/// The payload length a prefix announces.
constexpr std::size_t decode_length(std::span<const std::byte, kLengthPrefixSize> prefix) {
  return static_cast<std::size_t>(prefix[0]) << 8 | static_cast<std::size_t>(prefix[1]);
}

}  // namespace readerkit::vpcd::detail
