// SPDX-License-Identifier: MIT
// Trace records as pcap packets (docs/trace.md "Record format"): LINKTYPE_WIRESHARK_UPPER_PDU
// packets that name the Wireshark dissector to use. APDUs and the ATR go to Wireshark's own
// `iso7816` and `iso7816.atr` dissectors (with the point-to-point direction, so a command is
// told from a response); every other record goes to the `readerkit` dissector of
// tools/wireshark/readerkit.lua with the binary layout below.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "readerkit/bytes.hpp"
#include "readerkit/result.hpp"
#include "readerkit/trace.hpp"

namespace readerkit {

inline constexpr std::string_view TRACE_DISSECTOR = "readerkit";
inline constexpr std::string_view TRACE_DISSECTOR_APDU = "iso7816";
inline constexpr std::string_view TRACE_DISSECTOR_ATR = "iso7816.atr";
/// The first byte of every `readerkit` payload.
inline constexpr std::uint8_t TRACE_FORMAT_VERSION = 1;

/// Writes `record` of `channel` as one upper-PDU packet into `out` (replacing its contents).
void encode_trace_packet(const TraceRecord& record, std::uint32_t channel, Bytes& out);

/// One packet read back. `record`'s spans and label view the packet given to
/// decode_trace_packet(), which must outlive it.
struct TracePacket {
  std::uint32_t channel = 0;
  TraceRecord record;
  std::string_view dissector;
};

/// Reads one packet written by encode_trace_packet(). INVALID_PARAMETER for anything else:
/// a packet cut short, lengths past its end, an unknown version or dissector.
Result<TracePacket> decode_trace_packet(std::span<const std::byte> packet);

}  // namespace readerkit
