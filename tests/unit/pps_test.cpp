// SPDX-License-Identifier: MIT
// PPS: choice of Fi/Di, request bytes, and validation of the card's answer (ISO/IEC 7816-3 §9).
#include "readerkit/pps.hpp"

#include <gtest/gtest.h>

#include "protocol_test_util.hpp"
#include "t0_script.hpp"

namespace readerkit {
namespace {

using test::hex;

CardCapabilities card_with(std::string_view atr) {
  CardCapabilities c;
  c.atr = hex(atr);
  EXPECT_EQ(update_card_capabilities(c, {}, {}), Status::SUCCESS) << atr;
  return c;
}

std::string request_hex(const PpsRequest& r) {
  return to_hex(std::span(r.bytes).first(r.length));
}

TEST(Pps, FastestTa1TheReaderAllows) {
  const CardCapabilities card =
      card_with("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C");
  const PpsRequest r = prepare_pps(card, ReaderCapabilities{}, SCARD_PROTOCOL_T1);
  EXPECT_EQ(request_hex(r), "FF1118F6");
  EXPECT_EQ(r.ta1, 0x18);
}

TEST(Pps, ReaderTooSlowForTa1LowersDStepByStep) {
  const CardCapabilities card = card_with("3B 90 96 01 07");  // F 512, D 32, T=1
  ReaderCapabilities reader;
  reader.max_clk_khz = 3580;
  reader.max_data_rate = 115200;  // D 32 → 223750, D 20 → 139843, D 16 → 111875 bit/s
  const PpsRequest r = prepare_pps(card, reader, SCARD_PROTOCOL_T1);
  EXPECT_EQ(r.ta1, 0x95);
  EXPECT_EQ(request_hex(r), "FF11957B");
  reader.max_data_rate = 0;  // no limit
  EXPECT_EQ(prepare_pps(card, reader, SCARD_PROTOCOL_T1).ta1, 0x96);
}

TEST(Pps, NoRequestForDefaultsSpecificModeOrRaw) {
  EXPECT_TRUE(prepare_pps(card_with("3B 00"), {}, SCARD_PROTOCOL_T0).empty());
  EXPECT_TRUE(prepare_pps(card_with("3B 10 11"), {}, SCARD_PROTOCOL_T0).empty());
  EXPECT_TRUE(prepare_pps(card_with("3B 90 18 11 01 98"), {}, SCARD_PROTOCOL_T1).empty());
  EXPECT_TRUE(prepare_pps(card_with("3B 10 18"), {}, SCARD_PROTOCOL_RAW).empty());
}

TEST(Pps, SecondOfferedProtocolIsSelectedWithoutPps1) {
  const CardCapabilities card = card_with("3B 80 80 01 01");  // T=0 first, then T=1
  EXPECT_EQ(request_hex(prepare_pps(card, {}, SCARD_PROTOCOL_T1)), "FF01FE");
  EXPECT_TRUE(prepare_pps(card, {}, SCARD_PROTOCOL_T0).empty());
}

TEST(PpsResponse, EchoAccepted) {
  const PpsRequest r = make_pps_request(1, 0x18);
  auto ta1 = check_pps_response(r, hex("FF 11 18 F6"));
  ASSERT_TRUE(ta1.ok());
  EXPECT_EQ(*ta1, 0x18);
}

TEST(PpsResponse, PartialEchoWithoutPps1MeansDefaults) {
  const PpsRequest r = make_pps_request(1, 0x18);
  auto ta1 = check_pps_response(r, hex("FF 01 FE"));
  ASSERT_TRUE(ta1.ok());
  EXPECT_EQ(*ta1, 0x11);
}

TEST(PpsResponse, WrongPckFails) {
  EXPECT_EQ(check_pps_response(make_pps_request(1, 0x18), hex("FF 11 18 F7")).status(),
            Status::DEVICE_PROTOCOL_ERROR);
}

TEST(PpsResponse, MismatchFails) {
  const PpsRequest r = make_pps_request(1, 0x18);
  EXPECT_FALSE(check_pps_response(r, hex("FF 11 13 FD")).ok());     // other Fi/Di
  EXPECT_FALSE(check_pps_response(r, hex("FF 10 18 F7")).ok());     // other protocol
  EXPECT_FALSE(check_pps_response(r, hex("FF 31 18 00 D6")).ok());  // PPS2 not requested
  EXPECT_FALSE(check_pps_response(r, hex("FE 11 18 F7")).ok());     // not PPSS
  EXPECT_FALSE(check_pps_response(r, hex("FF 11 18 F6 00")).ok());  // trailing byte
  EXPECT_FALSE(check_pps_response(r, hex("FF 11")).ok());
  EXPECT_FALSE(check_pps_response(r, {}).ok());
}

TEST(PpsResponse, ApplySetsFdAndTiming) {
  CardCapabilities card =
      card_with("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C");
  const std::uint32_t cwt = card.cwt_us;
  apply_pps(card, {}, 0x18);
  EXPECT_EQ(card.f, 372u);
  EXPECT_EQ(card.d, 12u);
  EXPECT_NEAR(card.cwt_us, cwt / 12.0, 2);
  card.use_default_parameters();
  EXPECT_EQ(card.d, 1u);
}

TEST(Pps, MessageLengthFromPps0) {
  EXPECT_EQ(pps_message_length(std::byte{0x01}), 3u);
  EXPECT_EQ(pps_message_length(std::byte{0x11}), 4u);
  EXPECT_EQ(pps_message_length(std::byte{0x71}), 6u);
}

}  // namespace
}  // namespace readerkit

namespace readerkit {
namespace {

TEST(PpsExchange, ReadsTheAnswerByItsPps0) {
  test::ScriptedByteTransport echo(test::hex("FF 11 18 F6"));
  auto ta1 = exchange_pps(echo, make_pps_request(1, 0x18), 1000);
  ASSERT_TRUE(ta1.ok());
  EXPECT_EQ(*ta1, 0x18);
  EXPECT_EQ(to_hex(echo.sent), "FF1118F6");
  EXPECT_TRUE(echo.drained());
  test::ScriptedByteTransport partial(test::hex("FF 01 FE"));
  EXPECT_EQ(*exchange_pps(partial, make_pps_request(1, 0x18), 1000), 0x11);
}

TEST(PpsExchange, SilenceAndGarbage) {
  test::ScriptedByteTransport silent(Bytes{});
  EXPECT_EQ(exchange_pps(silent, make_pps_request(1, 0x18), 1000).status(), Status::IO_TIMEOUT);
  test::ScriptedByteTransport garbage(test::hex("3B 00"));
  EXPECT_EQ(exchange_pps(garbage, make_pps_request(1, 0x18), 1000).status(),
            Status::DEVICE_PROTOCOL_ERROR);
}

}  // namespace
}  // namespace readerkit
