// SPDX-License-Identifier: MIT
// The contract's request/reply form of T=1 (t1_request / t1_reply): the driver's header bytes,
// MORE_PROCESSING_REQUIRED until done, the WTX wait exposed between calls.
#include <gtest/gtest.h>

#include "protocol_test_util.hpp"
#include "readerkit/t1.hpp"
#include "t1_script.hpp"

namespace readerkit {
namespace {

using test::blk;
using test::hex;

class T1RequestReply : public ::testing::Test {
 protected:
  T1RequestReply() {
    f.card.ifsc = 254;
    f.card.bwt_us = 2000;
    f.protocol.suppress_t1_ifs_request = true;
  }
  /// One driver round: header of `header` bytes, t1_request, then the card's answer.
  Status round(std::size_t header, const std::string& expect_sent, const std::string& card) {
    f.smartcard_request.length = header;
    EXPECT_EQ(t1_request(f.params), Status::SUCCESS);
    const auto sent = f.smartcard_request.data().subspan(header);
    EXPECT_EQ(to_hex(sent), to_hex(hex(expect_sent)));
    const Bytes answer = hex(card);
    std::copy(answer.begin(), answer.end(), f.smartcard_reply.buffer.begin());
    f.smartcard_reply.length = answer.size();
    return t1_reply(f.params);
  }
  test::TransmitFixture f;
};

TEST_F(T1RequestReply, ChainedAnswerNeedsMoreProcessing) {
  f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1);
  EXPECT_EQ(round(2, blk("00 00 05 00B0000000"), blk("00 20 02 AABB")),
            Status::MORE_PROCESSING_REQUIRED);
  EXPECT_EQ(round(2, blk("00 90 00"), blk("00 40 02 9000")), Status::SUCCESS);
  EXPECT_EQ(f.response_hex(), "AABB9000");
  EXPECT_EQ(f.returned, 12u);
}

TEST_F(T1RequestReply, WtxMultiplierVisibleToTheDriver) {
  f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1);
  EXPECT_EQ(t1_wait_us(f.params), 2000u);
  EXPECT_EQ(round(0, blk("00 00 05 00B0000000"), blk("00 C3 01 03")),
            Status::MORE_PROCESSING_REQUIRED);
  EXPECT_EQ(f.protocol.wtx_multiplier, 3u);
  EXPECT_EQ(t1_wait_us(f.params), 6000u);
  EXPECT_EQ(round(0, blk("00 E3 01 03"), blk("00 00 02 9000")), Status::SUCCESS);
  EXPECT_EQ(f.protocol.wtx_multiplier, 1u);
}

TEST_F(T1RequestReply, EmptyReplyIsATimeout) {
  f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1);
  EXPECT_EQ(round(0, blk("00 00 05 00B0000000"), ""), Status::MORE_PROCESSING_REQUIRED);
  EXPECT_EQ(round(0, "00820082", blk("00 00 02 9000")), Status::SUCCESS);
}

TEST_F(T1RequestReply, AbandonedExchangeStartsOver) {
  f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1);
  f.smartcard_request.length = 0;
  ASSERT_EQ(t1_request(f.params), Status::SUCCESS);  // the driver never calls t1_reply
  f.transmit(hex("00B0000001"), SCARD_PROTOCOL_T1);
  EXPECT_EQ(round(0, blk("00 00 05 00B0000001"), blk("00 00 02 9000")), Status::SUCCESS);
}

TEST_F(T1RequestReply, GivingUpAfterMoreProcessingNeedsEndT1Exchange) {
  f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1);
  EXPECT_EQ(round(0, blk("00 00 05 00B0000000"), blk("00 20 02 AABB")),
            Status::MORE_PROCESSING_REQUIRED);
  end_t1_exchange(f.protocol);  // the driver stops here (e.g. the reader failed)
  f.transmit(hex("00B0000001"), SCARD_PROTOCOL_T1);
  // A new command with the next N(S): the sequence numbers survive, the exchange does not.
  EXPECT_EQ(round(0, blk("00 40 05 00B0000001"), blk("00 40 02 9000")), Status::SUCCESS);
}

TEST_F(T1RequestReply, ReplyWithoutExchangeIsInvalidState) {
  f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1);
  f.smartcard_reply.length = 0;
  EXPECT_EQ(t1_reply(f.params), Status::INVALID_DEVICE_STATE);
}

TEST_F(T1RequestReply, SmallRequestBufferIsBufferTooSmall) {
  f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1);
  f.smartcard_request.buffer.resize(6);
  f.smartcard_request.length = 0;
  EXPECT_EQ(t1_request(f.params), Status::BUFFER_TOO_SMALL);
}

/// A transport failing with NO_MEDIA (card pulled) ends the exchange with that status.
class Unplugged : public BlockTransport {
 public:
  Status send_block(std::span<const std::byte>) override { return Status::NO_MEDIA; }
  Result<std::size_t> receive_block(std::span<std::byte>, std::uint32_t, std::uint32_t) override {
    return Status::NO_MEDIA;
  }
};

TEST_F(T1RequestReply, TransportFailureEndsLoopWithItsStatus) {
  Unplugged gone;
  EXPECT_EQ(t1_transmit(f.transmit(hex("00B0000000"), SCARD_PROTOCOL_T1), gone), Status::NO_MEDIA);
  EXPECT_EQ(f.protocol.t1.phase, T1Phase::idle);
}

}  // namespace
}  // namespace readerkit
