// SPDX-License-Identifier: MIT
// T=1 engine: scripted exchanges, byte exact (our blocks and the card's), for each scenario of
// issue 3 / docs/protocol.md. EDCs are appended by blk(); EDC values are tested separately.
#include "readerkit/t1.hpp"

#include <gtest/gtest.h>

#include "protocol_test_util.hpp"
#include "readerkit/inverse.hpp"
#include "t0_script.hpp"
#include "t1_script.hpp"

namespace readerkit {
namespace {

using test::blk;
using test::hex;
using test::ScriptedBlockTransport;
using test::Step;

constexpr std::uint32_t kBwt = 1000;

class T1 : public ::testing::Test {
 protected:
  T1() {
    f.card.edc = Edc::lrc;
    f.card.ifsc = 254;
    f.card.bwt_us = kBwt;
    f.card.cwt_us = 100;
    f.reader.max_ifsd = 254;
    f.protocol.suppress_t1_ifs_request = true;
  }
  /// Runs one TRANSMIT of `command` over the script; checks every block we sent.
  Status run(const std::string& command, std::vector<Step> script) {
    ScriptedBlockTransport t(std::move(script));
    const Status s = t1_transmit(f.transmit(hex(command), SCARD_PROTOCOL_T1), t);
    EXPECT_EQ(t.sent, t.expected());
    waits = t.waits;
    return s;
  }
  test::TransmitFixture f;
  std::vector<std::uint32_t> waits;
};

TEST_F(T1, PlainIBlockExchange) {
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), blk("00 00 04 AABB9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "AABB9000");
  EXPECT_EQ(to_hex(std::span(f.output).first(8)), "0200000008000000");
  // Sequence numbers alternate per direction (rule 2).
  EXPECT_EQ(run("00B0000002", {{blk("00 40 05 00B0000002"), blk("00 40 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, LiteralBlocksWithLrc) {
  EXPECT_EQ(run("0084000008", {{"0000050084000008 89", "000003 6F0000 6C"}}), Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "6F0000");
}

TEST_F(T1, InitialIfsRequestAnnouncesMaxIfsd) {
  f.protocol.suppress_t1_ifs_request = false;
  EXPECT_EQ(run("00B0000002",
                {{"00C101FE3E", "00E101FE1E"}, {blk("00 00 05 00B0000002"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.card.ifsd, 254u);
  // Only once after reset.
  EXPECT_EQ(run("00B0000002", {{blk("00 40 05 00B0000002"), blk("00 40 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, IfsRequestWithoutProperAnswerIsSentAgain) {
  f.protocol.suppress_t1_ifs_request = false;
  f.reader.max_ifsd = 128;
  EXPECT_EQ(run("00B0000002", {{blk("00 C1 01 80"), blk("00 82 00")},
                               {blk("00 C1 01 80"), blk("00 E1 01 80")},
                               {blk("00 00 05 00B0000002"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.card.ifsd, 128u);
}

TEST_F(T1, IfsResponseWithOtherSizeIsInvalid) {
  f.protocol.suppress_t1_ifs_request = false;
  EXPECT_EQ(run("00B0000002", {{"00C101FE3E", blk("00 E1 01 20")},
                               {"00C101FE3E", "00E101FE1E"},
                               {blk("00 00 05 00B0000002"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, CardIgnoringIfsRequestIsResynchronisedOnceAndKeepsIfsd32) {
  f.protocol.suppress_t1_ifs_request = false;
  EXPECT_EQ(run("00B0000002", {{"00C101FE3E", blk("00 82 00")},
                               {"00C101FE3E", blk("00 82 00")},
                               {"00C101FE3E", blk("00 82 00")},
                               {"00C000C0", blk("00 E0 00")},
                               {blk("00 00 05 00B0000002"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.card.ifsd, 32u);
  EXPECT_EQ(run("00B0000002", {{blk("00 40 05 00B0000002"), blk("00 40 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, ChainingOut) {
  f.card.ifsc = 4;
  EXPECT_EQ(run("0102030405060708090A", {{blk("00 20 04 01020304"), blk("00 90 00")},
                                         {blk("00 60 04 05060708"), blk("00 80 00")},
                                         {blk("00 00 02 090A"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "9000");
}

TEST_F(T1, ChainingIn) {
  EXPECT_EQ(run("00B0000000", {{blk("00 00 05 00B0000000"), blk("00 20 02 AABB")},
                               {blk("00 90 00"), blk("00 60 02 CCDD")},
                               {blk("00 80 00"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "AABBCCDD9000");
}

TEST_F(T1, ChainingBothWays) {
  f.card.ifsc = 3;
  EXPECT_EQ(run("0102030405", {{blk("00 20 03 010203"), blk("00 90 00")},
                               {blk("00 40 02 0405"), blk("00 20 01 AA")},
                               {blk("00 90 00"), blk("00 40 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "AA9000");
}

TEST_F(T1, CardIfsRequestChangesIfsc) {
  f.card.ifsc = 4;
  EXPECT_EQ(run("0102030405060708090A", {{blk("00 20 04 01020304"), blk("00 C1 01 06")},
                                         {blk("00 E1 01 06"), blk("00 90 00")},
                                         {blk("00 40 06 05060708090A"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.card.ifsc, 6u);
}

TEST_F(T1, WtxAnsweredAndMultiplierAppliedToNextWaitOnly) {
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), blk("00 C3 01 05")},
                               {blk("00 E3 01 05"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(waits, (std::vector<std::uint32_t>{kBwt, 5 * kBwt}));
  EXPECT_EQ(f.protocol.wtx_multiplier, 1u);
}

TEST_F(T1, BadEdcFromCardGetsRBlockWithEdcError) {
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), "0000029000 00"},
                               {"00810081", blk("00 00 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, BadEdcReportedByCardRetransmitsSameBlock) {
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), "00810081"},
                               {blk("00 00 05 00B0000002"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, LostBlockTimeoutGetsRBlockOtherError) {
  EXPECT_EQ(run("00B0000002",
                {{blk("00 00 05 00B0000002"), std::nullopt}, {"00820082", blk("00 00 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, RBlockAsksForRetransmissionDuringChain) {
  f.card.ifsc = 4;
  EXPECT_EQ(run("010203040506", {{blk("00 20 04 01020304"), blk("00 90 00")},
                                 {blk("00 40 02 0506"), blk("00 92 00")},
                                 {blk("00 40 02 0506"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, UnexpectedSequenceNumberIsInvalid) {
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), blk("00 40 02 9000")},
                               {"00820082", blk("00 00 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, ResynchAfterThreeErrorsRestartsWithSequenceZero) {
  ASSERT_EQ(run("00", {{blk("00 00 01 00"), blk("00 00 02 9000")}}), Status::SUCCESS);
  // N(R) = 1: the card's next I-block would carry N(S) = 1.
  EXPECT_EQ(run("00B0000002", {{blk("00 40 05 00B0000002"), "FFFF"},
                               {"00920092", "FFFF"},
                               {"00920092", "FFFF"},
                               {"00C000C0", blk("00 E0 00")},
                               {blk("00 00 05 00B0000002"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.protocol.t1.ns, 1);
  EXPECT_EQ(f.protocol.t1.nr, 1);
}

TEST_F(T1, ProtocolErrorAfterThreeFailedResynchs) {
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), "FFFF"},
                               {"00820082", "FFFF"},
                               {"00820082", "FFFF"},
                               {"00C000C0", "FFFF"},
                               {"00C000C0", "FFFF"},
                               {"00C000C0", "FFFF"}}),
            Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_EQ(f.returned, 0u);
}

TEST_F(T1, MuteCardEndsWithTimeout) {
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), std::nullopt},
                               {"00820082", std::nullopt},
                               {"00820082", std::nullopt},
                               {"00C000C0", std::nullopt}}),
            Status::IO_TIMEOUT);
}

TEST_F(T1, CardAbortIsAcknowledgedAndFails) {
  f.card.ifsc = 4;
  EXPECT_EQ(run("0102030405",
                {{blk("00 20 04 01020304"), blk("00 C2 00")}, {blk("00 E2 00"), std::nullopt}}),
            Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_EQ(f.protocol.t1.phase, T1Phase::idle);
}

TEST_F(T1, CrcEpilogue) {
  f.card.edc = Edc::crc;
  EXPECT_EQ(
      run("00B0000002", {{blk("00 00 05 00B0000002", Edc::crc), blk("00 00 02 9000", Edc::crc)}}),
      Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "9000");
}

TEST_F(T1, CrcErrorFromCardGetsEdcError) {
  f.card.edc = Edc::crc;
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002", Edc::crc), "00000290000000"},
                               {blk("00 81 00", Edc::crc), blk("00 00 02 9000", Edc::crc)}}),
            Status::SUCCESS);
}

TEST_F(T1, NadFromProtocolState) {
  f.protocol.nad = 0x21;
  EXPECT_EQ(run("00B0000002", {{blk("21 00 05 00B0000002"), blk("12 00 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, EndlessWtxIsBounded) {
  std::vector<Step> script{{blk("00 00 05 00B0000002"), blk("00 C3 01 01")}};
  for (std::uint32_t i = 1; i <= T1_MAX_S_REQUESTS; ++i)
    script.push_back({blk("00 E3 01 01"), blk("00 C3 01 01")});
  EXPECT_EQ(run("00B0000002", script), Status::DEVICE_PROTOCOL_ERROR);
}

TEST_F(T1, ResponseLargerThanReplyBufferIsBufferTooSmall) {
  f.output.resize(9);
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), blk("00 00 02 9000")}}),
            Status::BUFFER_TOO_SMALL);
}

TEST_F(T1, AliasedBuffersResendTheCommandIntactAfterResynch) {
  // Input and output are the same memory: the answer must not overwrite the command, which
  // a resynchronisation in the middle of the answer sends again.
  f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1);
  f.input.resize(64);
  f.params.request = std::span<const std::byte>(f.input).first(13);
  f.params.reply = f.input;
  ScriptedBlockTransport t({{blk("00 00 05 00B0000000"), blk("00 20 02 AABB")},
                            {blk("00 90 00"), "FF"},
                            {"00920092", "FF"},
                            {"00920092", "FF"},
                            {"00C000C0", blk("00 E0 00")},
                            {blk("00 00 05 00B0000000"), blk("00 00 03 CC9000")}});
  ASSERT_EQ(t1_transmit(f.params, t), Status::SUCCESS);
  EXPECT_EQ(t.sent, t.expected());
  EXPECT_EQ(to_hex(std::span(f.input).first(f.returned)), "0200000008000000CC9000");
}

TEST_F(T1, AnswerLongerThanTheInPlaceSpaceMovesToTheEngine) {
  f.output.resize(8 + 3);  // room for 3 bytes in place; the answer has 4 + SW
  ScriptedBlockTransport t({{blk("00 00 05 00B0000000"), blk("00 20 02 AABB")},
                            {blk("00 90 00"), blk("00 40 04 CCDD9000")}});
  EXPECT_EQ(t1_transmit(f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1), t),
            Status::BUFFER_TOO_SMALL);
  f.output.resize(8 + 6);
  ScriptedBlockTransport again({{blk("00 00 05 00B0000000"), blk("00 20 02 AABB")},
                                {blk("00 90 00"), blk("00 40 04 CCDD9000")}});
  f.protocol.t1 = T1State{};
  f.protocol.t1.ifs_done = true;
  ASSERT_EQ(t1_transmit(f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1), again), Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "AABBCCDD9000");
}

TEST_F(T1, WtxAndIfsDuringTheCardsChain) {
  EXPECT_EQ(run("00B0000000", {{blk("00 00 05 00B0000000"), blk("00 20 02 AABB")},
                               {blk("00 90 00"), blk("00 C3 01 02")},
                               {blk("00 E3 01 02"), blk("00 C1 01 80")},
                               {blk("00 E1 01 80"), blk("00 40 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "AABB9000");
  EXPECT_EQ(waits, (std::vector<std::uint32_t>{kBwt, kBwt, 2 * kBwt, kBwt}));
  EXPECT_EQ(f.card.ifsc, 0x80u);
}

TEST_F(T1, BadEdcInTheCardsChainIsRecovered) {
  EXPECT_EQ(run("00B0000000", {{blk("00 00 05 00B0000000"), blk("00 20 02 AABB")},
                               {blk("00 90 00"), "004002900000"},
                               {"00910091", blk("00 40 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "AABB9000");
}

TEST_F(T1, CardIBlockBeforeAcknowledgingOurChainIsInvalid) {
  f.card.ifsc = 2;
  EXPECT_EQ(run("010203", {{blk("00 20 02 0102"), blk("00 00 02 9000")},
                           {"00820082", blk("00 90 00")},
                           {blk("00 40 01 03"), blk("00 00 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, ResynchRequestFromTheCardIsInvalid) {
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), blk("00 C0 00")},
                               {"00820082", blk("00 00 02 9000")}}),
            Status::SUCCESS);
}

TEST_F(T1, InvalidIfsFromTheCardIsRejected) {
  EXPECT_EQ(run("00B0000002", {{blk("00 00 05 00B0000002"), blk("00 C1 01 FF")},
                               {"00820082", blk("00 00 02 9000")}}),
            Status::SUCCESS);
  EXPECT_EQ(f.card.ifsc, 254u);
}

TEST_F(T1, InverseConventionCardOverACharacterLink) {
  // The card's bytes as an inverse-convention card puts them on the line.
  Bytes line = hex(blk("00 00 02 9000"));
  invert_bytes(line);
  test::ScriptedByteTransport raw(line);
  InverseByteTransport logical(raw);
  BlockOverByteTransport blocks(logical, Edc::lrc);
  ASSERT_EQ(t1_transmit(f.transmit(hex("00B0000002"), SCARD_PROTOCOL_T1), blocks), Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "9000");
  EXPECT_EQ(to_hex(raw.sent), to_hex(inverted_copy(hex(blk("00 00 05 00B0000002")))));
}

TEST_F(T1, ExtendedApduBothWays) {
  Bytes command = hex("00 D6 00 00 00 FF FF");
  command.resize(7 + 65535, std::byte{0x5A});
  command.push_back(std::byte{0});
  command.push_back(std::byte{0});
  Bytes response(65535, std::byte{0xA5});
  response.push_back(std::byte{0x90});
  response.push_back(std::byte{0x00});
  test::T1LoopbackCard card(response, Edc::lrc);
  f.protocol.suppress_t1_ifs_request = false;
  ASSERT_EQ(t1_transmit(f.transmit(command, SCARD_PROTOCOL_T1), card), Status::SUCCESS);
  EXPECT_EQ(card.command, command);
  ASSERT_EQ(f.returned, 8 + response.size());
  EXPECT_TRUE(std::equal(response.begin(), response.end(), f.output.begin() + 8));
}

}  // namespace
}  // namespace readerkit
