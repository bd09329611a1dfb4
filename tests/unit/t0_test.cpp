// SPDX-License-Identifier: MIT
// T=0: procedure bytes of the character-level engine, and the request/reply helpers.
#include "readerkit/t0.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "protocol_test_util.hpp"
#include "readerkit/inverse.hpp"
#include "t0_script.hpp"

namespace readerkit {
namespace {

using test::hex;
using test::ScriptedByteTransport;

constexpr std::uint32_t kWt = 5000;

/// Exchanges `tpdu` with a card whose byte stream is `card`; checks what we sent.
Result<Bytes> exchange(const std::string& tpdu, const Bytes& card, const std::string& sent) {
  ScriptedByteTransport link(card);
  const Bytes command = hex(tpdu);  // the parsed TPDU views into it
  auto parsed = parse_tpdu(command);
  EXPECT_TRUE(parsed.ok());
  if (!parsed) return parsed.status();
  auto r = t0_exchange(*parsed, link, kWt);
  EXPECT_EQ(to_hex(link.sent), to_hex(hex(sent)));
  return r;
}

std::string ok_hex(const Result<Bytes>& r) {
  return r ? to_hex(*r) : "<failed>";
}

TEST(T0, Case1AnswersStatusDirectly) {
  EXPECT_EQ(ok_hex(exchange("00A40000", hex("9000"), "00A4000000")), "9000");
}

TEST(T0, AckReceivesAllRemainingBytes) {
  EXPECT_EQ(ok_hex(exchange("00B0000004", hex("B0 01020304 9000"), "00B0000004")), "010203049000");
}

TEST(T0, AckSendsAllRemainingBytes) {
  EXPECT_EQ(ok_hex(exchange("00D6000003AABBCC", hex("D6 9000"), "00D6000003AABBCC")), "9000");
}

TEST(T0, ComplementAckSendsByteByByte) {
  EXPECT_EQ(ok_hex(exchange("00D6000003AABBCC", hex("29 29 60 29 9000"), "00D6000003AABBCC")),
            "9000");
}

TEST(T0, ComplementAckReceivesByteByByteThenAck) {
  EXPECT_EQ(ok_hex(exchange("00B0000003", hex("4F 01 B0 0203 6282"), "00B0000003")), "0102036282");
}

TEST(T0, LongNullRunKeepsWaiting) {
  Bytes card(5000, T0_NULL);
  for (std::byte b : hex("B0 01 9000")) card.push_back(b);
  EXPECT_EQ(ok_hex(exchange("00B0000001", card, "00B0000001")), "019000");
}

TEST(T0, EndlessNullsAreBounded) {
  const Bytes card(T0_MAX_NULLS + 1, T0_NULL);
  EXPECT_EQ(exchange("00B0000001", card, "00B0000001").status(), Status::DEVICE_PROTOCOL_ERROR);
}

TEST(T0, Sw61xxComesBackAsIs) {
  EXPECT_EQ(ok_hex(exchange("00A40400023F00", hex("A4 6112"), "00A40400023F00")), "6112");
}

TEST(T0, Sw6CxxComesBackAsIs) {
  EXPECT_EQ(ok_hex(exchange("00B0000010", hex("6C08"), "00B0000010")), "6C08");
}

TEST(T0, P3ZeroMeans256BytesOut) {
  Bytes card = hex("B0");
  card.resize(1 + 256, std::byte{0x33});
  card.push_back(std::byte{0x90});
  card.push_back(std::byte{0x00});
  auto r = exchange("00B0000000", card, "00B0000000");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 258u);
}

TEST(T0, UnknownProcedureByteIsProtocolError) {
  EXPECT_EQ(exchange("00B0000001", hex("42"), "00B0000001").status(),
            Status::DEVICE_PROTOCOL_ERROR);
}

TEST(T0, AckWithNothingLeftIsProtocolError) {
  EXPECT_EQ(exchange("00D6000001AA", hex("D6 D6"), "00D6000001AA").status(),
            Status::DEVICE_PROTOCOL_ERROR);
}

TEST(T0, SilentCardTimesOutAfterWorkWaitingTime) {
  ScriptedByteTransport link(hex("60"));
  const Bytes command = hex("00B0000001");
  auto r = t0_exchange(*parse_tpdu(command), link, kWt);
  EXPECT_EQ(r.status(), Status::IO_TIMEOUT);
  EXPECT_EQ(link.timeouts, (std::vector<std::uint32_t>{kWt, kWt}));
}

TEST(T0, TpduShapes) {
  EXPECT_EQ(parse_tpdu(hex("00A40000"))->expected, 256u);
  EXPECT_EQ(parse_tpdu(hex("00B0000010"))->expected, 16u);
  const Bytes case3 = hex("00D6000002AABB");
  EXPECT_EQ(parse_tpdu(case3)->data.size(), 2u);
  EXPECT_EQ(parse_tpdu(hex("00D6000003AABB")).status(), Status::INVALID_PARAMETER);
  EXPECT_EQ(parse_tpdu(hex("00D6000002AABB0000")).status(), Status::INVALID_PARAMETER);
  EXPECT_EQ(parse_tpdu(hex("00D6")).status(), Status::INVALID_PARAMETER);
}

// ISO/IEC 7816-3 §12.2.4: a case 4S command goes to a T=0 card as its case 3 TPDU.
TEST(T0, Case4ShortIsSentAsCase3Tpdu) {
  const Bytes case4 = hex("80360002 02 0001 02");
  auto t = parse_tpdu(case4);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(to_hex(t->header), "8036000202");
  EXPECT_EQ(to_hex(t->data), "0001");
  EXPECT_EQ(t->expected, 0u);
  const Bytes le_zero = hex("80360002 02 0001 00");
  EXPECT_EQ(to_hex(parse_tpdu(le_zero)->data), "0001");
}

TEST(T0Helpers, Case4RequestCarriesNoLe) {
  test::TransmitFixture f;
  f.transmit(hex("80360002020001 02"), SCARD_PROTOCOL_T0);
  ASSERT_EQ(t0_request(f.params), Status::SUCCESS);
  EXPECT_EQ(to_hex(f.smartcard_request.data()), "80360002020001");
}

// The card answers the case 3 TPDU with 61xx; the application fetches with GET RESPONSE.
TEST(T0Helpers, Case4ThroughTheEngineEndsWith61xx) {
  test::TransmitFixture f;
  f.card.wt_us = kWt;
  ScriptedByteTransport link(hex("36 6102"));  // ACK (INS): send the data; then 61 02
  ASSERT_EQ(t0_transmit(f.transmit(hex("80360002020001 02"), SCARD_PROTOCOL_T0), link),
            Status::SUCCESS);
  EXPECT_EQ(to_hex(link.sent), "80360002020001");
  EXPECT_EQ(f.response_hex(), "6102");
}

TEST(T0, InverseConventionCardThroughInverseTransport) {
  Bytes line = hex("B0 01 9000");
  invert_bytes(line);  // what an inverse card puts on the line, read in direct convention
  ScriptedByteTransport raw(line);
  InverseByteTransport link(raw);
  const Bytes command = hex("00B0000001");
  auto r = t0_exchange(*parse_tpdu(command), link, kWt);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(to_hex(*r), "019000");
  EXPECT_EQ(to_hex(raw.sent), to_hex(inverted_copy(hex("00B0000001"))));
}

TEST(T0Helpers, TransmitWritesHeaderAndResponse) {
  test::TransmitFixture f;
  f.card.wt_us = kWt;
  ScriptedByteTransport link(hex("B0 0102 9000"));
  EXPECT_EQ(t0_transmit(f.transmit(hex("00B0000002"), SCARD_PROTOCOL_T0), link), Status::SUCCESS);
  EXPECT_EQ(to_hex(std::span(f.output).first(8)), "0100000008000000");
  EXPECT_EQ(f.response_hex(), "01029000");
}

TEST(T0Helpers, RequestAppendsTpduAfterDriverHeader) {
  test::TransmitFixture f;
  f.transmit(hex("00D6000002AABB"), SCARD_PROTOCOL_T0);
  f.smartcard_request.length = 3;  // the driver's own header
  ASSERT_EQ(t0_request(f.params), Status::SUCCESS);
  EXPECT_EQ(to_hex(f.smartcard_request.data().subspan(3)), "00D6000002AABB");
  f.transmit(hex("00D6000009AABB"), SCARD_PROTOCOL_T0);
  EXPECT_EQ(t0_request(f.params), Status::INVALID_PARAMETER);
}

TEST(T0Helpers, ReplyMustEndWithStatusBytes) {
  test::TransmitFixture f;
  f.transmit(hex("00B0000002"), SCARD_PROTOCOL_T0);
  const Bytes good = hex("0102 9000");
  std::copy(good.begin(), good.end(), f.smartcard_reply.buffer.begin());
  f.smartcard_reply.length = good.size();
  EXPECT_EQ(t0_reply(f.params), Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "01029000");
  f.smartcard_reply.length = 1;
  EXPECT_EQ(t0_reply(f.params), Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_EQ(f.returned, 0u);
  f.smartcard_reply.buffer[0] = std::byte{0x01};
  f.smartcard_reply.buffer[1] = std::byte{0x60};
  f.smartcard_reply.buffer[2] = std::byte{0x00};
  f.smartcard_reply.length = 3;
  EXPECT_EQ(t0_reply(f.params), Status::DEVICE_PROTOCOL_ERROR);  // 60 is NULL, not SW1
}

}  // namespace
}  // namespace readerkit

namespace readerkit {
namespace {

/// A card that sends NULL bytes forever, one every `gap`: each restarts WT, so only the
/// exchange's keep-alive cap ends it.
class EndlessNulls : public ByteTransport {
 public:
  explicit EndlessNulls(std::chrono::milliseconds gap) : gap_(gap) {}
  Status send(std::span<const std::byte>) override { return Status::SUCCESS; }
  Status receive(std::span<std::byte> out, std::uint32_t) override {
    std::this_thread::sleep_for(gap_);
    std::fill(out.begin(), out.end(), T0_NULL);
    return Status::SUCCESS;
  }

 private:
  std::chrono::milliseconds gap_;
};

TEST(T0, NullBytesExtendAnExchangeOnlyUpToTheKeepaliveCap) {
  EndlessNulls card(std::chrono::milliseconds(2));
  const Bytes command = test::hex("80380000");
  auto tpdu = parse_tpdu(command);
  ASSERT_TRUE(tpdu.ok());
  const auto start = std::chrono::steady_clock::now();
  auto r = t0_exchange(*tpdu, card, 1'000'000, 100);
  EXPECT_EQ(r.status(), Status::IO_TIMEOUT);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace readerkit
