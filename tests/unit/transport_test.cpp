// SPDX-License-Identifier: MIT
// Transport adapters: T=1 blocks read from a character link; raw and SCARD_IO_REQUEST helpers.
#include "readerkit/transport.hpp"

#include <gtest/gtest.h>

#include "protocol_test_util.hpp"
#include "readerkit/io_request.hpp"
#include "t0_script.hpp"

namespace readerkit {
namespace {

using test::hex;
using test::ScriptedByteTransport;

TEST(BlockOverByteTransport, ReadsPrologueThenLenPlusEdc) {
  ScriptedByteTransport bytes(hex("00 00 02 9000 92  00 40 00 40"));
  BlockOverByteTransport blocks(bytes, Edc::lrc);
  std::array<std::byte, 259> out{};
  auto n = blocks.receive_block(out, 1000, 10);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(to_hex(std::span(out).first(*n)), "000002900092");
  EXPECT_EQ(bytes.timeouts, (std::vector<std::uint32_t>{1000, 10, 10}));  // BWT, then CWT
  EXPECT_EQ(*blocks.receive_block(out, 1000, 10), 4u);
}

// A link that reads a run in one call: the prologue comes through receive_run (BWT for the
// first byte, CWT for the next two), the rest through receive.
class RunLink : public ScriptedByteTransport {
 public:
  using ScriptedByteTransport::ScriptedByteTransport;
  Result<std::size_t> receive_run(std::span<std::byte> out, std::uint32_t first_timeout_us,
                                  std::uint32_t next_timeout_us) override {
    runs.push_back({first_timeout_us, next_timeout_us});
    if (Status s = receive(out, next_timeout_us); s != Status::SUCCESS) return s;
    return out.size();
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> runs;
};

TEST(BlockOverByteTransport, ReadsThePrologueAsOneRun) {
  RunLink bytes(hex("00 00 02 9000 92"));
  BlockOverByteTransport blocks(bytes, Edc::lrc);
  std::array<std::byte, 259> out{};
  EXPECT_EQ(*blocks.receive_block(out, 1000, 10), 6u);
  EXPECT_EQ(bytes.runs, (std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1000, 10}}));
  EXPECT_EQ(bytes.timeouts, (std::vector<std::uint32_t>{10, 10}));  // the run, then LEN + EDC
}

// The default receive_run: the first byte, then the rest; a rest that does not come is a run
// cut short after one byte, silence before the first byte a timeout.
TEST(ByteTransport, DefaultRunAsksForTheFirstByteThenTheRest) {
  std::array<std::byte, 3> run{};
  ScriptedByteTransport whole(hex("01 02 03"));
  EXPECT_EQ(*whole.receive_run(run, 1000, 10), 3u);
  EXPECT_EQ(whole.timeouts, (std::vector<std::uint32_t>{1000, 10}));
  ScriptedByteTransport cut(hex("01 02"));
  EXPECT_EQ(*cut.receive_run(run, 1000, 10), 1u);
  ScriptedByteTransport silent(Bytes{});
  EXPECT_EQ(silent.receive_run(run, 1000, 10).status(), Status::IO_TIMEOUT);
  ScriptedByteTransport one(hex("01"));
  EXPECT_EQ(*one.receive_run(std::span(run).first(1), 1000, 10), 1u);
  EXPECT_EQ(*one.receive_run({}, 1000, 10), 0u);
}

TEST(BlockOverByteTransport, CrcEpilogueIsTwoBytes) {
  ScriptedByteTransport bytes(hex("00 00 01 AA 1234"));
  BlockOverByteTransport blocks(bytes, Edc::crc);
  std::array<std::byte, 259> out{};
  EXPECT_EQ(*blocks.receive_block(out, 1000, 10), 6u);
}

TEST(BlockOverByteTransport, SilenceAndShortBlocks) {
  std::array<std::byte, 259> out{};
  ScriptedByteTransport silent(Bytes{});
  EXPECT_EQ(BlockOverByteTransport(silent, Edc::lrc).receive_block(out, 1, 1).status(),
            Status::IO_TIMEOUT);
  ScriptedByteTransport cut(hex("00 00 05 01"));  // LEN 5 but the card stops
  EXPECT_EQ(*BlockOverByteTransport(cut, Edc::lrc).receive_block(out, 1, 1), 3u);
  ScriptedByteTransport bad_len(hex("00 00 FF"));
  EXPECT_EQ(*BlockOverByteTransport(bad_len, Edc::lrc).receive_block(out, 1, 1), 3u);
  std::array<std::byte, 10> small{};
  EXPECT_EQ(BlockOverByteTransport(bad_len, Edc::lrc).receive_block(small, 1, 1).status(),
            Status::BUFFER_TOO_SMALL);
}

TEST(IoRequest, RawRequestAndReply) {
  test::TransmitFixture f;
  f.transmit(hex("010203"), SCARD_PROTOCOL_RAW);
  f.smartcard_request.length = 1;
  ASSERT_EQ(raw_request(f.params), Status::SUCCESS);
  EXPECT_EQ(to_hex(f.smartcard_request.data()), "00010203");
  const Bytes answer = hex("0A0B");
  std::copy(answer.begin(), answer.end(), f.smartcard_reply.buffer.begin());
  f.smartcard_reply.length = 2;
  ASSERT_EQ(raw_reply(f.params), Status::SUCCESS);
  EXPECT_EQ(to_hex(std::span(f.output).first(f.returned)), "00000100080000000A0B");
}

TEST(IoRequest, CommandStartsAfterPciLength) {
  test::TransmitFixture f;
  f.transmit(hex("AABBCCDD"), SCARD_PROTOCOL_T1);
  f.input[4] = std::byte{10};  // pci_length 10: two bytes of protocol information
  f.params.request = f.input;
  EXPECT_EQ(to_hex(transmit_command(f.params)), "CCDD");
}

TEST(IoRequest, ReplyMayAliasRequest) {
  Bytes buffer = hex("02000000 08000000 9000 0000");
  std::size_t returned = 0;
  CallbackParams p;
  p.request = buffer;
  p.reply = buffer;
  p.bytes_returned = &returned;
  const auto response = std::span<const std::byte>(buffer).subspan(8, 2);
  ASSERT_EQ(complete_transmit(p, SCARD_PROTOCOL_T1, response), Status::SUCCESS);
  EXPECT_EQ(to_hex(std::span(buffer).first(returned)), "02000000080000009000");
  std::array<std::byte, 9> tiny{};
  p.reply = tiny;
  EXPECT_EQ(complete_transmit(p, SCARD_PROTOCOL_T1, hex("9000")), Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(returned, 0u);
}

}  // namespace
}  // namespace readerkit
