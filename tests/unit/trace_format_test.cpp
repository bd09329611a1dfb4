// SPDX-License-Identifier: MIT
// Trace records as upper-PDU packets: round trips, the tags Wireshark needs, hostile packets.
#include "readerkit/trace_format.hpp"

#include <gtest/gtest.h>

namespace readerkit {
namespace {

Bytes hex(std::string_view text) {
  return *from_hex(text);
}

TEST(TraceFormat, ReaderkitRecordRoundTripsEveryField) {
  const Bytes data = hex("0102030405");
  auto r = TraceRecord::of(TraceEvent::ioctl_out);
  r.direction = TraceDirection::none;
  r.status = Status::IO_TIMEOUT;
  r.value = 0x00310004;
  r.duration_us = 1234;
  r.data = data;
  r.hidden = 7;
  r.hidden_at = 2;
  r.label = "IOCTL_SMARTCARD_TRANSMIT";
  Bytes packet;
  encode_trace_packet(r, 3, packet);
  auto decoded = decode_trace_packet(packet);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->dissector, TRACE_DISSECTOR);
  EXPECT_EQ(decoded->channel, 3u);
  const TraceRecord& d = decoded->record;
  EXPECT_EQ(d.event, TraceEvent::ioctl_out);
  EXPECT_EQ(d.status, Status::IO_TIMEOUT);
  EXPECT_EQ(d.value, 0x00310004u);
  EXPECT_EQ(d.duration_us, 1234u);
  EXPECT_EQ(d.hidden, 7u);
  EXPECT_EQ(d.hidden_at, 2u);
  EXPECT_EQ(d.label, "IOCTL_SMARTCARD_TRANSMIT");
  EXPECT_EQ(to_hex(d.data), "0102030405");
}

TEST(TraceFormat, ApdusNameWiresharksIso7816DissectorWithTheirDirection) {
  const Bytes apdu = hex("00A4040000");
  auto r = TraceRecord::of(TraceEvent::apdu_command);
  r.direction = TraceDirection::to_card;
  r.data = apdu;
  Bytes packet;
  encode_trace_packet(r, 0, packet);
  // Tag 12 "iso7816", tag 35 = 0 (P2P_DIR_SENT) first; the payload is the bare APDU.
  EXPECT_EQ(to_hex(std::span(packet).first(11)), "000C0007" "69736F37383136");
  EXPECT_EQ(to_hex(std::span(packet).subspan(11, 8)), "0023000400000000");
  EXPECT_EQ(to_hex(std::span(packet).last(5)), "00A4040000");
  auto decoded = decode_trace_packet(packet);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->record.event, TraceEvent::apdu_command);
  EXPECT_EQ(decoded->record.direction, TraceDirection::to_card);

  r.event = TraceEvent::apdu_response;
  encode_trace_packet(r, 0, packet);
  EXPECT_EQ(to_hex(std::span(packet).subspan(11, 8)), "0023000400000001");  // P2P_DIR_RECV
  EXPECT_EQ(decode_trace_packet(packet)->record.event, TraceEvent::apdu_response);
}

TEST(TraceFormat, AtrGoesToTheAtrDissector) {
  const Bytes atr = hex("3B8080010101");
  auto r = TraceRecord::of(TraceEvent::atr);
  r.data = atr;
  Bytes packet;
  encode_trace_packet(r, 1, packet);
  auto decoded = decode_trace_packet(packet);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->dissector, TRACE_DISSECTOR_ATR);
  EXPECT_EQ(decoded->channel, 1u);
  EXPECT_EQ(to_hex(decoded->record.data), "3B8080010101");
}

TEST(TraceFormat, EveryCutOfAPacketIsRefusedOrDecodedWithinIt) {
  const Bytes data = hex("00C10120C0");
  auto r = TraceRecord::of(TraceEvent::t1_block);
  r.data = data;
  r.label = "x";
  Bytes packet;
  encode_trace_packet(r, 0, packet);
  for (std::size_t n = 0; n < packet.size(); ++n) {
    const Bytes cut(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(n));
    auto decoded = decode_trace_packet(cut);
    if (decoded) {
      EXPECT_LE(decoded->record.data.size(), n);  // only shorter data, never past
    }
  }
}

TEST(TraceFormat, HostilePacketsAreRefused) {
  // A tag claiming more bytes than the packet has.
  EXPECT_FALSE(decode_trace_packet(hex("000C00FF6973")));
  // No dissector we wrote.
  EXPECT_FALSE(decode_trace_packet(hex("000C0003737570" "00000000" "00")));
  // Our dissector with a version from the future, and with an unknown event.
  auto r = TraceRecord::of(TraceEvent::card_removed);
  Bytes packet;
  encode_trace_packet(r, 0, packet);
  const std::size_t payload = packet.size() - 28;
  Bytes future = packet;
  future[payload] = std::byte{2};
  EXPECT_FALSE(decode_trace_packet(future));
  Bytes unknown = packet;
  unknown[payload + 1] = std::byte{200};
  EXPECT_FALSE(decode_trace_packet(unknown));
  // A label length past the end.
  Bytes label = packet;
  label[payload + 26] = std::byte{50};
  EXPECT_FALSE(decode_trace_packet(label));
  // An APDU without its direction.
  EXPECT_FALSE(decode_trace_packet(hex("000C0007" "69736F37383136" "00000000" "00A40400")));
}

}  // namespace
}  // namespace readerkit
