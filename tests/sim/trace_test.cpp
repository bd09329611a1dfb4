// SPDX-License-Identifier: MIT
// The --trace view of the simulated line: bytes as they travel, one line per burst.
#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

TEST(SimTrace, T0ExchangeShowsHeaderProcedureByteDataAndStatus) {
  SimHost host({"profile=t0"});
  std::vector<std::string> lines;
  host.reader->set_trace([&lines](std::string_view l) { lines.emplace_back(l); });
  host.start(SCARD_PROTOCOL_T0);
  lines.clear();
  ASSERT_EQ(host.transmit(hex("8032000003000102")).sw, 0x9000);
  // t0 profile: complement ACK for the first byte, then ACK for the rest.
  const std::vector<std::string> expected{"-> 8032000003", "<- CD",   "-> 00",
                                          "<- 32",         "-> 0102", "<- 9000"};
  EXPECT_EQ(lines, expected);
}

TEST(SimTrace, ResetShowsTheAtrAndTimeRequestShowsNullBytes) {
  SimHost host({"profile=t0"});
  std::vector<std::string> lines;
  host.reader->set_trace([&lines](std::string_view l) { lines.emplace_back(l); });
  host.start(SCARD_PROTOCOL_T0);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "-- reset");
  EXPECT_EQ(lines[1].substr(0, 5), "<- 3B");
  lines.clear();
  ASSERT_EQ(host.transmit(hex("8038000300")).sw, 0x9000);  // 30 ms at 10 ms per unit
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], "<- 609000");
}

TEST(SimTrace, T1ExchangeIsBlocks) {
  SimHost host({"profile=t1"});
  std::vector<std::string> lines;
  host.reader->set_trace([&lines](std::string_view l) { lines.emplace_back(l); });
  host.start(SCARD_PROTOCOL_T1);
  lines.clear();
  ASSERT_EQ(host.transmit(hex("80300000")).sw, 0x9000);
  ASSERT_FALSE(lines.empty());
  // The card's first I-block: NAD 00, PCB 00 (N(S) = 0), LEN 02, 90 00, LRC 92.
  EXPECT_EQ(lines.back(), "<- 000002900092");
  EXPECT_EQ(lines.front().substr(0, 7), "-> 00C1");  // the reader's S(IFS request) comes first
}

}  // namespace
}  // namespace readerkit::sim::testing

namespace readerkit::sim::testing {
namespace {

// On the line an inverse-convention card's bytes are complemented and bit-reversed: TS 3F
// reads 03 in direct convention, and 90 00 reads F6 FF.
TEST(SimTrace, InverseConventionIsInvertedOnTheLine) {
  SimHost host({"profile=inverse"});
  std::vector<std::string> lines;
  host.reader->set_trace([&lines](std::string_view l) { lines.emplace_back(l); });
  host.start(SCARD_PROTOCOL_T0);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[1].substr(0, 5), "<- 03");
  lines.clear();
  ASSERT_EQ(host.transmit(hex("8030000000")).sw, 0x9000);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "-> FEF3FFFFFF");  // 80 30 00 00 00 converted
  EXPECT_EQ(lines[1], "<- F6FF");
}

}  // namespace
}  // namespace readerkit::sim::testing
