// SPDX-License-Identifier: MIT
// Each fault with the outcome docs/contract/cli.md `fault` promises, through the Device's IOCTLs.
#include <unistd.h>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

using Clock = std::chrono::steady_clock;

/// A host with the trace captured.
struct TracedHost : SimHost {
  explicit TracedHost(std::vector<std::string> fields) : SimHost(std::move(fields)) {
    reader->set_trace([this](std::string_view l) { lines.emplace_back(l); });
  }
  /// Trace lines starting with `prefix`.
  std::size_t count(const std::string& prefix) const {
    std::size_t n = 0;
    for (const auto& l : lines) n += l.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
  }
  std::vector<std::string> lines;
};

Bytes case4(std::size_t lc, std::size_t out) {
  Bytes c{std::byte{0x80}, std::byte{0x36}, static_cast<std::byte>(out >> 8),
          static_cast<std::byte>(out & 0xFF), static_cast<std::byte>(lc)};
  c = concat(c, pattern(lc));
  c.push_back(static_cast<std::byte>(out & 0xFF));
  return c;
}

void expect_chained_exchanges_succeed(SimHost& host) {
  for (std::size_t n : {1u, 40u, 100u, 200u, 255u}) {
    Answer a = host.transmit(case4(n, n));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    EXPECT_EQ(a.sw, 0x9000);
    EXPECT_EQ(a.data, pattern(n));
  }
}

TEST(SimFaults, CorruptEdcFromTheCardIsRecovered) {
  TracedHost host({"profile=t1"});
  host.start(SCARD_PROTOCOL_T1);
  ASSERT_TRUE(host.command("fault edc every=3 dir=card").ok);
  expect_chained_exchanges_succeed(host);
  // The reader asked again with R-blocks naming an EDC error (PCB 81 / 91).
  EXPECT_GT(host.count("-> 0081") + host.count("-> 0091"), 0u);
}

TEST(SimFaults, CorruptEdcFromTheReaderIsRecovered) {
  TracedHost host({"profile=t1-crc"});
  host.start(SCARD_PROTOCOL_T1);
  ASSERT_TRUE(host.command("fault edc every=2 dir=reader").ok);
  expect_chained_exchanges_succeed(host);
  EXPECT_GT(host.count("<- 0081") + host.count("<- 0091"), 0u);  // the card's R(EDC error)
}

TEST(SimFaults, EveryBlockCorruptedIsAProtocolError) {
  SimHost host({"profile=t1"});
  host.start(SCARD_PROTOCOL_T1);
  ASSERT_TRUE(host.command("fault edc every=1 dir=card").ok);
  EXPECT_EQ(host.transmit(hex("80300000")).status, Status::DEVICE_PROTOCOL_ERROR);
  ASSERT_TRUE(host.command("fault clear").ok);
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);  // the next exchange starts afresh
}

TEST(SimFaults, DroppedBlocksAreRecovered) {
  TracedHost host({"profile=t1"});
  host.start(SCARD_PROTOCOL_T1);
  ASSERT_TRUE(host.command("fault drop every=4").ok);
  expect_chained_exchanges_succeed(host);
}

TEST(SimFaults, MuteCardTimesOutWithinTenSeconds) {
  for (const char* profile : {"t1", "t0"}) {
    SimHost host({std::string("profile=") + profile});
    host.start(profile == std::string("t1") ? SCARD_PROTOCOL_T1 : SCARD_PROTOCOL_T0);
    ASSERT_TRUE(host.command("fault mute").ok);
    const auto t0 = Clock::now();
    EXPECT_EQ(host.transmit(hex("8030000000")).status, Status::IO_TIMEOUT) << profile;
    EXPECT_LT(Clock::now() - t0, std::chrono::seconds(10)) << profile;
  }
}

TEST(SimFaults, SlowCardSucceedsLater) {
  SimHost host({"profile=t1"});
  host.start(SCARD_PROTOCOL_T1);
  ASSERT_TRUE(host.command("fault slow ms=150").ok);
  const auto t0 = Clock::now();
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);
  EXPECT_GE(Clock::now() - t0, std::chrono::milliseconds(150));
}

// A profile with short waits (WI 1: WT about 0.1 s; BWI 0: BWT about 0.1 s), so a silent slow
// card outlasts the reader's patience quickly.
std::string short_wait_profile(const char* name, int protocol) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("rk-" + std::to_string(::getpid()) + "-" + name + ".json"))
                               .string();
  std::ofstream(path) << R"({"name": ")" << name << R"(", "protocols": [)" << protocol
                      << R"(], "t0": {"wi": 1}, "t1": {"bwi": 0}})";
  return path;
}

TEST(SimFaults, SilentSlowCardEndsInIoTimeoutAfterTheProtocolsWait) {
  for (int protocol : {0, 1}) {
    SCOPED_TRACE(protocol);
    const std::string path = short_wait_profile(protocol ? "slow1" : "slow0", protocol);
    SimHost host({"profile=" + path});
    host.start(protocol ? SCARD_PROTOCOL_T1 : SCARD_PROTOCOL_T0);
    ASSERT_TRUE(host.command("fault slow ms=600000").ok);  // ten minutes, silent
    const auto t0 = Clock::now();
    EXPECT_EQ(host.transmit(hex("8030000000")).status, Status::IO_TIMEOUT);
    EXPECT_LT(Clock::now() - t0, std::chrono::seconds(5));
    std::filesystem::remove(path);
  }
}

TEST(SimFaults, SlowCardWithKeepaliveIsWaitedFor) {
  TracedHost t0({"profile=t0"});
  t0.start(SCARD_PROTOCOL_T0);
  ASSERT_TRUE(t0.command("fault slow ms=250 keepalive").ok);
  t0.lines.clear();
  EXPECT_EQ(t0.transmit(hex("8030000000")).sw, 0x9000);
  ASSERT_FALSE(t0.lines.empty());
  EXPECT_EQ(t0.lines.back().rfind("<- 60", 0), 0u) << t0.lines.back();  // NULL bytes first

  TracedHost t1({"profile=t1"});
  t1.start(SCARD_PROTOCOL_T1);
  ASSERT_TRUE(t1.command("fault slow ms=250 keepalive").ok);
  t1.lines.clear();
  EXPECT_EQ(t1.transmit(hex("80300000")).sw, 0x9000);
  EXPECT_GE(t1.count("<- 00C301"), 1u);  // S(WTX request)
}

TEST(SimFaults, KeepaliveIsAFlagOfSlowOnly) {
  SimHost host({"profile=t1"});
  EXPECT_FALSE(host.command("fault slow keepalive").ok);  // ms=N is still required
  EXPECT_FALSE(host.command("fault mute keepalive").ok);
}

TEST(SimFaults, WtxStormIsAnsweredOnT1AndNullBytesOnT0) {
  TracedHost t1({"profile=t1"});
  t1.start(SCARD_PROTOCOL_T1);
  ASSERT_TRUE(t1.command("fault wtx count=6").ok);
  t1.lines.clear();
  EXPECT_EQ(t1.transmit(hex("80300000")).sw, 0x9000);
  EXPECT_EQ(t1.count("<- 00C301"), 6u);  // S(WTX request) with multiplier 1
  EXPECT_EQ(t1.count("-> 00E301"), 6u);  // the reader's S(WTX response)

  TracedHost t0({"profile=t0"});
  t0.start(SCARD_PROTOCOL_T0);
  ASSERT_TRUE(t0.command("fault wtx count=6").ok);
  t0.lines.clear();
  EXPECT_EQ(t0.transmit(hex("8030000000")).sw, 0x9000);
  ASSERT_EQ(t0.lines.size(), 2u);
  EXPECT_EQ(t0.lines[1], "<- 6060606060609000");
}

// Resident memory of this process in KiB (Linux /proc).
std::size_t rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string key;
  std::size_t value = 0;
  while (status >> key) {
    if (key == "VmRSS:") {
      status >> value;
      return value;
    }
    status.ignore(1 << 12, '\n');
  }
  return 0;
}

TEST(SimFaults, EndlessNullBytesStayBoundedInMemoryAndEndInAProtocolError) {
  SimHost t0({"profile=t0"});
  t0.start(SCARD_PROTOCOL_T0);
  ASSERT_TRUE(t0.command("fault wtx count=4294967295").ok);
  const std::size_t before = rss_kib();
  // The library gives up after T0_MAX_NULLS NULL bytes; the card never queues 4 billion.
  EXPECT_EQ(t0.transmit(hex("8030000000")).status, Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_LT(rss_kib(), before + 16 * 1024);  // materialised, 10^5 NULLs alone took ~10 MiB
}

TEST(SimFaults, RefusedPpsLeavesDefaultParameters) {
  SimHost normal;
  normal.start(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  EXPECT_EQ(normal.attr_u32(SCARD_ATTR_CURRENT_F), 512u);  // TA1 = 96
  EXPECT_EQ(normal.attr_u32(SCARD_ATTR_CURRENT_D), 32u);

  SimHost host;
  ASSERT_TRUE(host.command("fault pps-refuse").ok);
  ASSERT_EQ(host.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
  std::uint32_t selected = 0;
  ASSERT_EQ(host.set_protocol(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &selected), Status::SUCCESS);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_CURRENT_F), 372u);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_CURRENT_D), 1u);
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);
}

TEST(SimFaults, RemoveDuringTransmitGivesNoMediaOnce) {
  for (const char* profile : {"t1", "t0"}) {
    SimHost host({std::string("profile=") + profile});
    const std::uint32_t t = profile == std::string("t1") ? SCARD_PROTOCOL_T1 : SCARD_PROTOCOL_T0;
    host.start(t);
    ASSERT_TRUE(host.command("fault remove-during-transmit").ok);
    EXPECT_EQ(host.transmit(hex("8030000000")).status, Status::NO_MEDIA) << profile;
    EXPECT_EQ(host.state(), CardState::SCARD_ABSENT);
    ASSERT_TRUE(host.command(std::string("card insert ") + profile).ok);
    host.start(t);
    EXPECT_EQ(host.transmit(hex("8030000000")).sw, 0x9000) << "fires once";
  }
}

TEST(SimFaults, GarbageAtrIsUnrecognizedMediaAndPowered) {
  SimHost host;
  ASSERT_TRUE(host.command("fault atr-garbage").ok);
  EXPECT_EQ(host.power(PowerAction::SCARD_COLD_RESET), Status::UNRECOGNIZED_MEDIA);
  EXPECT_EQ(host.state(), CardState::SCARD_POWERED);
  ASSERT_TRUE(host.command("fault clear").ok);
  EXPECT_EQ(host.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
}

TEST(SimFaults, FaultsStayArmedAcrossInsertionUntilCleared) {
  SimHost host({"profile=t1"});
  ASSERT_TRUE(host.command("fault mute").ok);
  ASSERT_TRUE(host.command("card remove").ok);
  ASSERT_TRUE(host.command("card insert t1").ok);
  host.start(SCARD_PROTOCOL_T1);  // the ATR still comes; PPS is not needed for t1
  EXPECT_EQ(host.transmit(hex("80300000")).status, Status::IO_TIMEOUT);
  ASSERT_TRUE(host.command("fault clear").ok);
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);
}

TEST(SimFaults, ProfileArmsFaults) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("rk-sim-faulty-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"name": "faulty", "protocols": [1], "faults": ["wtx count=2"]})";
  TracedHost host({"profile=" + path.string()});
  host.start(SCARD_PROTOCOL_T1);
  host.lines.clear();
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);
  EXPECT_EQ(host.count("<- 00C301"), 2u);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace readerkit::sim::testing
