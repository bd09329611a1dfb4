// SPDX-License-Identifier: MIT
// Trace records <-> upper-PDU packets (docs/trace.md "Record format").
//
// Packet = exported-PDU tags (type u16, length u16, value; big-endian) ending with tag 0, then
// the payload. Tags written: 12 dissector name; 35 direction (0 sent to the card, 1 received),
// APDUs only; 24/25/26 port type none and the channel as source and destination port.
// `readerkit` payload, big-endian:
//   0 version   1 event   2 direction   3 zero
//   4 channel   8 value   12 status (NTSTATUS)   16 duration µs   20 hidden
//   24 hidden_at (u16)   26 label length L   27 status name length S
//   28 label, status name, then the record's bytes to the end of the packet.
#include "readerkit/trace_format.hpp"

#include <algorithm>
#include <optional>

namespace readerkit {
namespace {

constexpr std::uint16_t kTagEnd = 0;
constexpr std::uint16_t kTagDissector = 12;
constexpr std::uint16_t kTagPortType = 24;
constexpr std::uint16_t kTagSrcPort = 25;
constexpr std::uint16_t kTagDstPort = 26;
constexpr std::uint16_t kTagDirection = 35;
constexpr std::uint32_t kP2pSent = 0;
constexpr std::uint32_t kP2pReceived = 1;
constexpr std::size_t kFixedSize = 28;

void put16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::byte>(v >> 8));
  out.push_back(static_cast<std::byte>(v));
}
void put32(Bytes& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}
std::uint16_t get16(std::span<const std::byte> b) {
  return static_cast<std::uint16_t>(static_cast<unsigned>(b[0]) << 8 | static_cast<unsigned>(b[1]));
}
std::uint32_t get32(std::span<const std::byte> b) {
  return std::uint32_t{get16(b)} << 16 | get16(b.subspan(2));
}
void put_text(Bytes& out, std::string_view text) {
  const auto bytes = as_bytes_view(text);
  out.insert(out.end(), bytes.begin(), bytes.end());
}

void put_tag(Bytes& out, std::uint16_t tag, std::span<const std::byte> value) {
  put16(out, tag);
  put16(out, static_cast<std::uint16_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}
void put_tag32(Bytes& out, std::uint16_t tag, std::uint32_t value) {
  put16(out, tag);
  put16(out, 4);
  put32(out, value);
}

/// Records Wireshark decodes with its own iso7816 dissectors.
std::string_view dissector_for(TraceEvent event) {
  switch (event) {
    case TraceEvent::apdu_command:
    case TraceEvent::apdu_response:
      return TRACE_DISSECTOR_APDU;
    case TraceEvent::atr:
      return TRACE_DISSECTOR_ATR;
    default:
      return TRACE_DISSECTOR;
  }
}

void put_readerkit_payload(Bytes& out, const TraceRecord& r, std::uint32_t channel) {
  const std::string_view label = r.label.substr(0, 255);
  const std::string_view status =
      r.event == TraceEvent::ioctl_out ? status_name(r.status).substr(0, 255) : std::string_view{};
  out.push_back(std::byte{TRACE_FORMAT_VERSION});
  out.push_back(static_cast<std::byte>(r.event));
  out.push_back(static_cast<std::byte>(r.direction));
  out.push_back(std::byte{0});
  put32(out, channel);
  put32(out, r.value);
  put32(out, static_cast<std::uint32_t>(r.status));
  put32(out, r.duration_us);
  put32(out, r.hidden);
  put16(out, r.hidden_at);
  out.push_back(static_cast<std::byte>(label.size()));
  out.push_back(static_cast<std::byte>(status.size()));
  put_text(out, label);
  put_text(out, status);
}

struct Tags {
  std::string_view dissector;
  std::optional<std::uint32_t> direction;
  std::uint32_t channel = 0;
  std::size_t payload_at = 0;
};

Result<Tags> read_tags(std::span<const std::byte> p) {
  Tags tags;
  std::size_t at = 0;
  for (;;) {
    if (p.size() - at < 4) return Status::INVALID_PARAMETER;
    const std::uint16_t tag = get16(p.subspan(at));
    const std::uint16_t length = get16(p.subspan(at + 2));
    at += 4;
    if (tag == kTagEnd) break;
    if (p.size() - at < length) return Status::INVALID_PARAMETER;
    const auto value = p.subspan(at, length);
    at += length;
    if (tag == kTagDissector) {
      tags.dissector = {reinterpret_cast<const char*>(value.data()), value.size()};
      tags.dissector = tags.dissector.substr(0, tags.dissector.find('\0'));
    } else if (tag == kTagDirection && length == 4) {
      tags.direction = get32(value);
    } else if (tag == kTagSrcPort && length == 4) {
      tags.channel = get32(value);
    }
  }
  tags.payload_at = at;
  return tags;
}

Result<TracePacket> decode_iso7816(const Tags& tags, std::span<const std::byte> payload) {
  TracePacket packet;
  packet.channel = tags.channel;
  packet.dissector = tags.dissector;
  packet.record.data = payload;
  if (tags.dissector == TRACE_DISSECTOR_ATR) {
    packet.record.event = TraceEvent::atr;
    packet.record.direction = TraceDirection::from_card;
    return packet;
  }
  if (!tags.direction || *tags.direction > kP2pReceived) return Status::INVALID_PARAMETER;
  const bool sent = *tags.direction == kP2pSent;
  packet.record.event = sent ? TraceEvent::apdu_command : TraceEvent::apdu_response;
  packet.record.direction = sent ? TraceDirection::to_card : TraceDirection::from_card;
  return packet;
}

Result<TracePacket> decode_readerkit(const Tags& tags, std::span<const std::byte> p) {
  if (p.size() < kFixedSize || static_cast<std::uint8_t>(p[0]) != TRACE_FORMAT_VERSION)
    return Status::INVALID_PARAMETER;
  const auto event = static_cast<TraceEvent>(p[1]);
  const auto direction = static_cast<std::uint8_t>(p[2]);
  if (trace_event_name(event).empty() || direction > 2) return Status::INVALID_PARAMETER;
  const std::size_t label_length = static_cast<std::uint8_t>(p[26]);
  const std::size_t status_length = static_cast<std::uint8_t>(p[27]);
  if (p.size() < kFixedSize + label_length + status_length) return Status::INVALID_PARAMETER;
  const auto status = status_from_ntstatus(get32(p.subspan(12)));
  if (!status) return Status::INVALID_PARAMETER;
  TracePacket packet;
  packet.dissector = tags.dissector;
  packet.channel = get32(p.subspan(4));
  TraceRecord& r = packet.record;
  r.event = event;
  r.direction = static_cast<TraceDirection>(direction);
  r.value = get32(p.subspan(8));
  r.status = *status;
  r.duration_us = get32(p.subspan(16));
  r.hidden = get32(p.subspan(20));
  r.hidden_at = get16(p.subspan(24));
  r.label = {reinterpret_cast<const char*>(p.data() + kFixedSize), label_length};
  r.data = p.subspan(kFixedSize + label_length + status_length);
  return packet;
}

}  // namespace

void encode_trace_packet(const TraceRecord& record, std::uint32_t channel, Bytes& out) {
  out.clear();
  const std::string_view dissector = dissector_for(record.event);
  put_tag(out, kTagDissector, as_bytes_view(dissector));
  if (dissector == TRACE_DISSECTOR_APDU) {
    put_tag32(out, kTagDirection,
              record.event == TraceEvent::apdu_command ? kP2pSent : kP2pReceived);
  }
  put_tag32(out, kTagPortType, 0);  // EXP_PDU_PT_NONE: the ports only name the channel
  put_tag32(out, kTagSrcPort, channel);
  put_tag32(out, kTagDstPort, channel);
  put16(out, kTagEnd);
  put16(out, 0);
  if (dissector == TRACE_DISSECTOR) put_readerkit_payload(out, record, channel);
  out.insert(out.end(), record.data.begin(), record.data.end());
}

Result<TracePacket> decode_trace_packet(std::span<const std::byte> packet) {
  auto tags = read_tags(packet);
  if (!tags) return tags.status();
  const auto payload = packet.subspan(tags->payload_at);
  if (tags->dissector == TRACE_DISSECTOR) return decode_readerkit(*tags, payload);
  if (tags->dissector == TRACE_DISSECTOR_APDU || tags->dissector == TRACE_DISSECTOR_ATR)
    return decode_iso7816(*tags, payload);
  return Status::INVALID_PARAMETER;
}

}  // namespace readerkit
