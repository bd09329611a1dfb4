// SPDX-License-Identifier: MIT
// The card side of T=1, block by block (ISO/IEC 7816-3 §11.6): exchanges are data, each a
// block the reader sends and the block the card must answer.
#include "card/t1_card.hpp"
#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

/// NAD PCB LEN INF + LRC.
Bytes block(std::uint8_t pcb, const Bytes& inf = {}) {
  Bytes b{std::byte{0}, std::byte{pcb}, static_cast<std::byte>(inf.size())};
  b = concat(b, inf);
  const card::T1CardEdc edc = card::t1_card_edc(b, Edc::lrc);
  b.insert(b.end(), edc.view().begin(), edc.view().end());
  return b;
}

class T1CardScript : public ::testing::Test {
 protected:
  T1CardScript() {
    profile.protocols = {1};
    profile.ifsc = 16;
  }
  /// Sends one block; returns the card's answers concatenated.
  Bytes exchange(const Bytes& in) {
    card::Replies out;
    engine.receive(in, out);
    Bytes all;
    for (std::size_t i = 0; i < out.size(); ++i) all = concat(all, out[i].bytes);
    return all;
  }
  Profile profile;
  FaultState faults;
  card::CardOs os{card::ReadertestApp(1, false), nullptr};
  card::T1Card engine{os, profile, faults};
};

TEST_F(T1CardScript, IfsRequestIsAnsweredAndChangesChaining) {
  EXPECT_EQ(exchange(block(0xC1, hex("08"))), block(0xE1, hex("08")));
  // 16 response bytes + SW in IFSD 8 chunks: I(0,M) 8 bytes first.
  EXPECT_EQ(exchange(block(0x00, hex("8034001010"))).size(), 3u + 8u + 1u);
}

TEST_F(T1CardScript, ChainedCommandIsAcknowledgedThenAnswered) {
  EXPECT_EQ(exchange(block(0x20, hex("80320000"))), block(0x90));               // I(0,M) -> R(1)
  EXPECT_EQ(exchange(block(0x40, hex("03000102"))), block(0x00, hex("9000")));  // I(1) -> I(0)
}

TEST_F(T1CardScript, BadEdcGetsAnRBlockWithTheError) {
  Bytes b = block(0x00, hex("80300000"));
  b.back() ^= std::byte{0xFF};
  EXPECT_EQ(exchange(b), block(0x81));  // R(N(R) = 0, EDC error)
  EXPECT_EQ(exchange(block(0x00, hex("80300000"))), block(0x00, hex("9000")));
}

TEST_F(T1CardScript, InformationFieldLongerThanIfscIsRefused) {
  EXPECT_EQ(exchange(block(0x00, pattern(17))), block(0x82));  // R(other error)
}

TEST_F(T1CardScript, RBlockAsksForTheLastBlockAgain) {
  const Bytes answer = exchange(block(0x00, hex("80300000")));
  EXPECT_EQ(exchange(block(0x80)), answer);  // R(0): "send your I(0) again"
  // A repeated I-block (its answer was lost) gets the same answer.
  EXPECT_EQ(exchange(block(0x00, hex("80300000"))), answer);
}

TEST_F(T1CardScript, ResynchRestartsSequenceNumbers) {
  exchange(block(0x00, hex("80300000")));
  EXPECT_EQ(exchange(block(0xC0)), block(0xE0));
  EXPECT_EQ(exchange(block(0x00, hex("80300000"))), block(0x00, hex("9000")));
}

TEST_F(T1CardScript, AbortEndsAChain) {
  EXPECT_EQ(exchange(block(0x20, hex("8032"))), block(0x90));
  EXPECT_EQ(exchange(block(0xC2)), block(0xE2));
}

TEST_F(T1CardScript, LongWorkAsksForWaitingTime) {
  EXPECT_EQ(exchange(block(0x00, hex("80380002"))), block(0xC3, hex("01")));
  EXPECT_EQ(exchange(block(0xE3, hex("01"))), block(0x00, hex("9000")));
}

TEST_F(T1CardScript, GarbageNeverCrashes) {
  std::uint32_t x = 12345;
  for (int i = 0; i < 2000; ++i) {
    Bytes junk(1 + (x % 300));
    for (auto& b : junk) {
      x = x * 1103515245u + 12345u;
      b = static_cast<std::byte>(x >> 16);
    }
    (void)exchange(junk);
  }
  SUCCEED();
}

}  // namespace
}  // namespace readerkit::sim::testing
