// SPDX-License-Identifier: MIT
// The simulated line itself (drivers/sim/src/sim_line.cpp): a run read in one call with two
// timeouts (ByteTransport::receive_run, how a T=1 prologue is read), cut short, silence, removal.
#include <memory>

#include "sim_fixture.hpp"
#include "sim_line.hpp"

namespace readerkit::sim::testing {
namespace {

class SimLineRun : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    auto profile = load_profile("t1", error);
    ASSERT_TRUE(profile) << error;
    line.insert(std::make_shared<card::SimCard>(*profile, faults));
    ASSERT_EQ(line.reset(), Status::SUCCESS);
  }
  /// Every byte of the answer to reset, read one at a time.
  Bytes read_atr_bytes(std::size_t n) {
    Bytes atr(n);
    EXPECT_EQ(line.receive(atr, 1000), Status::SUCCESS);
    return atr;
  }
  FaultState faults;
  SimLine line;
};

TEST_F(SimLineRun, AWholeRunIsOneCall) {
  std::array<std::byte, 3> run{};
  auto got = line.receive_run(run, 100000, 1000);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, 3u);
  EXPECT_EQ(run[0], std::byte{0x3B});  // TS of a direct-convention ATR
}

TEST_F(SimLineRun, ARunCutAfterItsFirstByteCountsOne) {
  // The t1 profile's ATR is shorter than 40 bytes: the run starts, then the card is silent.
  std::array<std::byte, 40> run{};
  auto got = line.receive_run(run, 100000, 1000);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, 1u);
}

TEST_F(SimLineRun, SilenceBeforeTheFirstByteIsATimeout) {
  std::array<std::byte, 40> all{};
  (void)line.receive_run(all, 100000, 1000);  // drains the ATR
  std::array<std::byte, 3> run{};
  EXPECT_EQ(line.receive_run(run, 1000, 1000).status(), Status::IO_TIMEOUT);
}

TEST_F(SimLineRun, RemovalEndsTheRunWithNoMedia) {
  line.remove();
  std::array<std::byte, 3> run{};
  EXPECT_EQ(line.receive_run(run, 1000, 1000).status(), Status::NO_MEDIA);
  EXPECT_EQ(line.send(run), Status::NO_MEDIA);
}

}  // namespace
}  // namespace readerkit::sim::testing
