// SPDX-License-Identifier: MIT
// Extended-length APDUs (up to 65535 bytes each way) over T=1 on the `extended` profile: the
// chains run end to end through the library's T=1 engine and the card's.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "readerkit/apdu.hpp"
#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

Bytes be16(std::size_t v) {
  return {static_cast<std::byte>(v >> 8), static_cast<std::byte>(v & 0xFF)};
}

Bytes extended(std::uint8_t ins, std::size_t p1p2, std::size_t lc, std::optional<std::size_t> le) {
  Bytes c = concat({std::byte{0x80}, std::byte{ins}}, be16(p1p2));
  c.push_back(std::byte{0});
  if (lc > 0) c = concat(concat(c, be16(lc)), pattern(lc));
  if (le) c = concat(c, be16(*le));
  return c;
}

const std::vector<std::size_t> kSampledLengths{1,    2,    254,  255,   256,   257,  509,
                                               1000, 4096, 8191, 32768, 65534, 65535};

class SimExtended : public ::testing::Test {
 protected:
  void SetUp() override { host.start(SCARD_PROTOCOL_T1); }
  SimHost host{{"profile=extended"}};
};

TEST_F(SimExtended, Case3SampledLengths) {
  for (std::size_t n : kSampledLengths) {
    Answer a = host.transmit(extended(0x32, 0, n, std::nullopt));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    EXPECT_EQ(a.sw, 0x9000) << n;
  }
}

TEST_F(SimExtended, Case2SampledLengths) {
  for (std::size_t n : kSampledLengths) {
    Answer a = host.transmit(extended(0x34, n, 0, n));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    EXPECT_EQ(a.sw, 0x9000) << n;
    EXPECT_EQ(a.data, pattern(n)) << n;
  }
}

TEST_F(SimExtended, Case4SampledLengths) {
  for (std::size_t n : kSampledLengths) {
    Answer a = host.transmit(extended(0x36, n, n, n));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    EXPECT_EQ(a.sw, 0x9000) << n;
    EXPECT_EQ(a.data, pattern(n)) << n;
  }
}

TEST_F(SimExtended, WrongByteDeepInTheChainIsNamed) {
  Bytes c = extended(0x32, 0, 3000, std::nullopt);
  c[7 + 2900] = std::byte{0xFF};  // data starts after CLA INS P1 P2 00 LcHi LcLo
  EXPECT_EQ(host.transmit(c).sw, 0x6A00 | (2900 & 0xFF));
}

// The extended-length commands of pcsc-lite's reader test suites (HandlerTest `-e`, its
// PCSC/validation.py `-e`): no SELECT, case 3E `80 12 01 80 00 LcHi LcLo <pattern>` → 90 00,
// case 2E `80 00 04 P2 00 LeHi LeLo` → Le bytes equal to P2, then 90 00 (docs/sim.md).
TEST_F(SimExtended, TestSuiteCase3ExtendedSampledLengths) {
  for (std::size_t n : kSampledLengths) {
    Answer a = host.transmit(extended(0x12, 0x0180, n, std::nullopt));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    EXPECT_EQ(a.sw, 0x9000) << n;
    EXPECT_TRUE(a.data.empty()) << n;
  }
  Bytes bad = extended(0x12, 0x0180, 600, std::nullopt);
  bad[7 + 513] = std::byte{0x00};
  EXPECT_EQ(host.transmit(bad).sw, 0x6A00 | (513 & 0xFF));
  EXPECT_EQ(host.transmit(hex("80120180")).sw, 0x6700);  // no data
}

TEST_F(SimExtended, TestSuiteCase2ExtendedSampledLengths) {
  // HandlerTest's and validation.py's values of P2
  for (const std::uint8_t value : {std::uint8_t{0x42}, std::uint8_t{0x2A}}) {
    for (std::size_t n : kSampledLengths) {
      Answer a = host.transmit(extended(0x00, 0x0400 | value, 0, n));
      ASSERT_EQ(a.status, Status::SUCCESS) << n;
      EXPECT_EQ(a.sw, 0x9000) << n;
      EXPECT_EQ(a.data, Bytes(n, std::byte{value})) << n;
    }
  }
  Answer all = host.transmit(extended(0x00, 0x0442, 0, 0));  // Le 00 00: 65536 bytes
  EXPECT_EQ(all.sw, 0x9000);
  EXPECT_EQ(all.data.size(), 65536u);
  EXPECT_EQ(host.transmit(hex("80000442 01 00 00")).sw, 0x6700);  // case 2: no data
}

// The same commands with short lengths on every profile, T=0 included.
TEST(SimTestSuiteCommands, ShortLengthsOnAShortProfile) {
  SimHost host({"profile=t1"});
  host.start(SCARD_PROTOCOL_T1);
  EXPECT_EQ(host.transmit(concat(hex("8012018003"), pattern(3))).sw, 0x9000);
  Answer a = host.transmit(hex("8000044205"));
  EXPECT_EQ(a.sw, 0x9000);
  EXPECT_EQ(a.data, Bytes(5, std::byte{0x42}));
}

TEST(SimExtendedRefused, ShortProfilesRefuseExtendedLengths) {
  SimHost host({"profile=t1"});
  host.start(SCARD_PROTOCOL_T1);
  EXPECT_EQ(host.transmit(extended(0x32, 0, 300, std::nullopt)).sw, 0x6700);
}

}  // namespace
}  // namespace readerkit::sim::testing

namespace readerkit::sim::testing {
namespace {

// A T=0 card that accepts extended lengths gets them in ENVELOPE pieces from the library's
// APDU-level helper, and answers through GET RESPONSE rounds.
TEST(SimExtendedT0, EnvelopeCarriesExtendedApdus) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("rk-sim-t0ext-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << R"({"name": "t0-extended", "protocols": [0], "extended": true})";
  SimHost host({"profile=" + path.string()});
  host.start(SCARD_PROTOCOL_T0);
  for (std::size_t n : {300u, 1000u, 4000u}) {
    auto r = transmit_apdu(host.device(), extended(0x36, n, n, n));
    ASSERT_TRUE(r.ok()) << n;
    ASSERT_EQ(r->size(), n + 2) << n;
    EXPECT_EQ(Bytes(r->begin(), r->end() - 2), pattern(n)) << n;
    EXPECT_EQ((*r)[n], std::byte{0x90});
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace readerkit::sim::testing
