// SPDX-License-Identifier: MIT
// readertest cases 1-4 for every short length over T=1: real blocks with chaining in both
// directions (IFSC 32 / 64 / 128 / 254 depending on the profile), LRC and CRC.
#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

Bytes command(std::uint8_t ins, std::size_t p1p2, const Bytes& data,
              std::optional<std::size_t> le) {
  Bytes c{std::byte{0x80}, std::byte{ins}, static_cast<std::byte>(p1p2 >> 8 & 0xFF),
          static_cast<std::byte>(p1p2 & 0xFF)};
  if (!data.empty()) {
    c.push_back(static_cast<std::byte>(data.size()));
    c.insert(c.end(), data.begin(), data.end());
  }
  if (le) c.push_back(static_cast<std::byte>(*le & 0xFF));
  return c;
}

class ReadertestT1 : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { host.start(SCARD_PROTOCOL_T1); }
  SimHost host{{"profile=" + GetParam()}};
};

TEST_P(ReadertestT1, Case1) {
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);
  EXPECT_EQ(host.transmit(hex("8030000000")).sw, 0x9000);
  EXPECT_EQ(host.transmit(hex("803000000100")).sw, 0x6700);
}

TEST_P(ReadertestT1, Case3EveryLength) {
  for (std::size_t n = 1; n <= 255; ++n) {
    Answer a = host.transmit(command(0x32, 0, pattern(n), std::nullopt));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    ASSERT_EQ(a.sw, 0x9000) << n;
  }
}

TEST_P(ReadertestT1, Case2EveryLength) {
  for (std::size_t n = 1; n <= 256; ++n) {
    Answer a = host.transmit(command(0x34, n, {}, n));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    ASSERT_EQ(a.sw, 0x9000) << n;
    ASSERT_EQ(a.data, pattern(n)) << n;
  }
}

TEST_P(ReadertestT1, Case4EveryLength) {
  for (std::size_t n = 1; n <= 256; ++n) {
    const std::size_t lc = (n - 1) % 255 + 1;
    Answer a = host.transmit(command(0x36, n, pattern(lc), n));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    ASSERT_EQ(a.sw, 0x9000) << n;
    ASSERT_EQ(a.data, pattern(n)) << n;
  }
}

TEST_P(ReadertestT1, UnboundCase2IgnoresLe) {
  Answer a = host.transmit(command(0x3C, 40, {}, 5));
  EXPECT_EQ(a.sw, 0x9000);
  EXPECT_EQ(a.data, pattern(40));
}

TEST_P(ReadertestT1, TimeRequestAsksForWaitingTime) {
  EXPECT_EQ(host.transmit(hex("8038000A")).sw, 0x9000);
  EXPECT_GE(host.device().card().protocol_selected, SCARD_PROTOCOL_T1);
}

TEST_P(ReadertestT1, SelectByAidThenCommands) {
  EXPECT_EQ(host.transmit(hex("00A4040006A0000000 18FF")).sw, 0x9000);
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);
}

INSTANTIATE_TEST_SUITE_P(Profiles, ReadertestT1,
                         ::testing::Values("default", "t1", "t1-crc", "specific", "extended"));

}  // namespace
}  // namespace readerkit::sim::testing
