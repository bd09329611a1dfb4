// SPDX-License-Identifier: MIT
// Reads an Answer-to-Reset from a character line the way a UART reader does: TS, T0, then
// as many interface, historical and check bytes as the ATR's own structure announces
// (ISO/IEC 7816-3 §8.2). Bytes that are no ATR are collected until the line goes silent.
#pragma once

#include "readerkit/bytes.hpp"
#include "readerkit/result.hpp"
#include "readerkit/transport.hpp"

namespace readerkit::sim {

/// Time allowed for each ATR character (the line stops waiting sooner when nothing comes).
inline constexpr std::uint32_t kAtrCharTimeoutUs = 1'000'000;

/// The ATR bytes as they came off the line (an inverse-convention ATR starts with 03);
/// IO_TIMEOUT when not even TS came, NO_MEDIA when the card left.
Result<Bytes> read_atr(ByteTransport& line);

}  // namespace readerkit::sim
