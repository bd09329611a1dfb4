// SPDX-License-Identifier: MIT
// The APDU-level helper's T=0 mapping (cases 1-4, 61xx, 6Cxx, ENVELOPE) against a fake card
// given as {TPDU we must send, answer} pairs.
#include "readerkit/apdu.hpp"

#include <gtest/gtest.h>

#include <deque>

#include "protocol_test_util.hpp"

namespace readerkit {
namespace {

using test::hex;

/// A fake card: each TPDU must match the next expected one; answers in order.
struct FakeCard {
  std::deque<std::pair<std::string, std::string>> script;
  std::vector<std::string> sent = {};
  TpduExchange exchange() {
    return [this](std::span<const std::byte> tpdu) -> Result<Bytes> {
      sent.push_back(to_hex(tpdu));
      if (script.empty()) return Status::IO_TIMEOUT;
      auto [expected, answer] = script.front();
      script.pop_front();
      EXPECT_EQ(to_hex(tpdu), to_hex(hex(expected)));
      return hex(answer);
    };
  }
};

std::string run(FakeCard& card, const std::string& apdu, bool offers_t1 = false) {
  auto r = t0_apdu_exchange(hex(apdu), card.exchange(), offers_t1);
  EXPECT_TRUE(card.script.empty()) << "unused script steps";
  return r ? to_hex(*r) : std::string(status_name(r.status()));
}

TEST(ApduParse, Cases) {
  EXPECT_EQ(parse_apdu(hex("00A40000"))->kind, ApduCase::case1);
  EXPECT_EQ(parse_apdu(hex("00B0000000"))->ne, 256u);
  EXPECT_EQ(parse_apdu(hex("00D6000002AABB"))->kind, ApduCase::case3S);
  const auto c4 = parse_apdu(hex("00A40400023F0000"));
  EXPECT_EQ(c4->kind, ApduCase::case4S);
  EXPECT_EQ(c4->ne, 256u);
  EXPECT_EQ(parse_apdu(hex("00B0000000FFFF"))->kind, ApduCase::case2E);
  EXPECT_EQ(parse_apdu(hex("00B0000000FFFF"))->ne, 65535u);
  EXPECT_EQ(parse_apdu(hex("00D6000000 0002 AABB"))->kind, ApduCase::case3E);
  const auto e4 = parse_apdu(hex("00D6000000 0002 AABB 0000"));
  EXPECT_EQ(e4->kind, ApduCase::case4E);
  EXPECT_EQ(e4->ne, 65536u);
  EXPECT_FALSE(parse_apdu(hex("00D6")).ok());
  EXPECT_FALSE(parse_apdu(hex("00D6000003AABB")).ok());
  EXPECT_FALSE(parse_apdu(hex("00D6000000AA")).ok());
}

TEST(ApduT0, Case1) {
  FakeCard card{{{"00A4000000", "9000"}}};
  EXPECT_EQ(run(card, "00A40000"), "9000");
}

TEST(ApduT0, Case2ResendsOn6Cxx) {
  FakeCard card{{{"00B0000000", "6C04"}, {"00B0000004", "010203049000"}}};
  EXPECT_EQ(run(card, "00B0000000"), "010203049000");
}

TEST(ApduT0, Case3) {
  FakeCard card{{{"00D6000002AABB", "9000"}}};
  EXPECT_EQ(run(card, "00D6000002AABB"), "9000");
}

TEST(ApduT0, Case4SentAsCase3ThenGetResponse) {
  FakeCard card{{{"00A40400023F00", "6104"}, {"00C0000004", "6F0184019000"}}};
  EXPECT_EQ(run(card, "00A40400023F0000"), "6F0184019000");
}

TEST(ApduT0, RepeatedGetResponseUsesTheCommandsCla) {
  FakeCard card{{{"80CA9F7F00", "6102"}, {"80C0000002", "AABB6101"}, {"80C0000001", "CC9000"}}};
  EXPECT_EQ(run(card, "80CA9F7F00"), "AABBCC9000");
}

TEST(ApduT0, GetResponseAnswered6CxxIsResent) {
  FakeCard card{{{"00A40400023F00", "6100"}, {"00C0000000", "6C02"}, {"00C0000002", "AABB9000"}}};
  EXPECT_EQ(run(card, "00A40400023F0000"), "AABB9000");
}

TEST(ApduT0, ErrorStatusPassesThrough) {
  FakeCard card{{{"00A40400023F00", "6A82"}}};
  EXPECT_EQ(run(card, "00A40400023F0000"), "6A82");
}

TEST(ApduT0, EndlessGetResponseIsBounded) {
  FakeCard card;
  card.script.push_back({"00B0000001", "6101"});
  for (int i = 0; i < 512; ++i) card.script.push_back({"00C0000001", "AA6101"});
  EXPECT_EQ(run(card, "00B0000001"), "STATUS_DEVICE_PROTOCOL_ERROR");
}

TEST(ApduT0, AnswerLongerThanAnyApduResponseIsAProtocolError) {
  // 256 rounds of 256 bytes (61 00) reach 65,536 data bytes, the most an APDU can ask for; a
  // card that then sends a last part with data goes past APDU_MAX_RESPONSE.
  const std::string block(2 * 256, 'A');
  FakeCard card;
  card.script.push_back({"00B0000000", block + "6100"});
  for (int i = 0; i < 255; ++i) card.script.push_back({"00C0000000", block + "6100"});
  card.script.push_back({"00C0000000", block + "9000"});
  EXPECT_EQ(run(card, "00B0000000"), "STATUS_DEVICE_PROTOCOL_ERROR");
}

TEST(ApduT0, ExtendedApduTravelsInEnvelopes) {
  Bytes apdu = hex("00D6000000 0258");  // case 3E, 600 data bytes: 607 bytes in all
  apdu.resize(607, std::byte{0x11});
  const std::string piece1 = "00C20000FF" + to_hex(std::span(apdu).subspan(0, 255));
  const std::string piece2 = "00C20000FF" + to_hex(std::span(apdu).subspan(255, 255));
  const std::string piece3 = "00C2000061" + to_hex(std::span(apdu).subspan(510));
  FakeCard card{{{piece1, "9000"}, {piece2, "9000"}, {piece3, "6102"}, {"00C0000002", "AABB9000"}}};
  EXPECT_EQ(run(card, to_hex(apdu)), "AABB9000");
}

TEST(ApduT0, EnvelopeStopsOnError) {
  Bytes apdu = hex("00D6000000 0200");
  apdu.resize(7 + 512, std::byte{0x22});
  FakeCard card{{{"00C20000FF" + to_hex(std::span(apdu).first(255)), "6D00"}}};
  EXPECT_EQ(run(card, to_hex(apdu)), "6D00");
}

TEST(ApduT0, ExtendedApduWithT1OfferedIsNotSupported) {
  FakeCard card;
  EXPECT_EQ(run(card, "00B0000000FFFF", true), "STATUS_NOT_SUPPORTED");
}

TEST(ApduT0, MalformedApduIsInvalidParameter) {
  FakeCard card;
  EXPECT_EQ(run(card, "00D6000003AABB"), "STATUS_INVALID_PARAMETER");
}

}  // namespace
}  // namespace readerkit
