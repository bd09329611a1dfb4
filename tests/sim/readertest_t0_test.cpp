// SPDX-License-Identifier: MIT
// readertest cases 1-4 for every short length over T=0, byte by byte through the library's
// T=0 engine and the card's procedure bytes (t0 profile: ACK and complement ACK mixed).
#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

Bytes header(std::uint8_t ins, std::size_t p1p2, std::uint8_t p3) {
  return {std::byte{0x80}, std::byte{ins}, static_cast<std::byte>(p1p2 >> 8 & 0xFF),
          static_cast<std::byte>(p1p2 & 0xFF), std::byte{p3}};
}

class ReadertestT0 : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { host.start(SCARD_PROTOCOL_T0); }
  SimHost host{{"profile=" + GetParam()}};
};

TEST_P(ReadertestT0, Case1) {
  EXPECT_EQ(host.transmit(hex("8030000000")).sw, 0x9000);
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);
  EXPECT_EQ(host.transmit(hex("8030000005")).sw, 0x6700);
}

TEST_P(ReadertestT0, Case3EveryLength) {
  for (std::size_t n = 1; n <= 255; ++n) {
    Answer a = host.transmit(concat(header(0x32, 0, static_cast<std::uint8_t>(n)), pattern(n)));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    ASSERT_EQ(a.sw, 0x9000) << n;
  }
}

TEST_P(ReadertestT0, Case3WrongByteNamesItsIndex) {
  Bytes data = pattern(10);
  data[7] = std::byte{0xEE};
  EXPECT_EQ(host.transmit(concat(header(0x32, 0, 10), data)).sw, 0x6A07);
}

TEST_P(ReadertestT0, Case2EveryLength) {
  for (std::size_t n = 1; n <= 256; ++n) {
    Answer a = host.transmit(header(0x34, n, static_cast<std::uint8_t>(n & 0xFF)));
    ASSERT_EQ(a.status, Status::SUCCESS) << n;
    ASSERT_EQ(a.sw, 0x9000) << n;
    ASSERT_EQ(a.data, pattern(n)) << n;
  }
}

TEST_P(ReadertestT0, Case2WrongLeIs6700) {
  EXPECT_EQ(host.transmit(header(0x34, 16, 15)).sw, 0x6700);
}

// Case 4 goes as case 3; the card answers 61xx and GET RESPONSE fetches the data.
TEST_P(ReadertestT0, Case4EveryLengthWithGetResponse) {
  for (std::size_t n = 1; n <= 256; ++n) {
    const std::size_t lc = (n - 1) % 255 + 1;
    Answer first =
        host.transmit(concat(header(0x36, n, static_cast<std::uint8_t>(lc)), pattern(lc)));
    ASSERT_EQ(first.status, Status::SUCCESS) << n;
    ASSERT_EQ(first.sw, 0x6100 | (n & 0xFF)) << n;
    ASSERT_TRUE(first.data.empty());
    const auto cla = static_cast<std::uint8_t>(n % 2 ? 0x80 : 0x00);  // both CLAs accepted
    Answer rest = host.transmit({std::byte{cla}, std::byte{0xC0}, std::byte{0}, std::byte{0},
                                 static_cast<std::byte>(n & 0xFF)});
    ASSERT_EQ(rest.status, Status::SUCCESS) << n;
    ASSERT_EQ(rest.sw, 0x9000) << n;
    ASSERT_EQ(rest.data, pattern(n)) << n;
  }
}

// A case 4S APDU (with Le) goes as its case 3 TPDU (ISO/IEC 7816-3 §12.2.4), the same as
// without Le: 61xx, then GET RESPONSE.
TEST_P(ReadertestT0, Case4WithLeGoesAsCase3) {
  for (const std::size_t n : {1u, 16u, 255u, 256u}) {
    Bytes apdu = concat(header(0x36, n, 4), pattern(4));
    apdu.push_back(static_cast<std::byte>(n & 0xFF));
    Answer first = host.transmit(apdu);
    ASSERT_EQ(first.status, Status::SUCCESS) << n;
    ASSERT_EQ(first.sw, 0x6100 | (n & 0xFF)) << n;
    Answer rest = host.transmit(header(0xC0, 0, static_cast<std::uint8_t>(n & 0xFF)));
    ASSERT_EQ(rest.sw, 0x9000) << n;
    ASSERT_EQ(rest.data, pattern(n)) << n;
  }
}

TEST_P(ReadertestT0, TimeRequestSendsNullBytesAndSucceeds) {
  EXPECT_EQ(host.transmit(hex("8038000A00")).sw, 0x9000);
}

TEST_P(ReadertestT0, VerifyPinIsRememberedForDump) {
  EXPECT_EQ(host.transmit(hex("802000000431323334")).sw, 0x9000);
  Answer dump = host.transmit(hex("8040000009"));
  EXPECT_EQ(dump.sw, 0x9000);
  EXPECT_EQ(dump.data, hex("802000000431323334"));
  EXPECT_EQ(host.transmit(hex("802000000431323535")).sw, 0x6A02);
}

TEST_P(ReadertestT0, UnknownInsIs6D00) {
  EXPECT_EQ(host.transmit(hex("80AA000000")).sw, 0x6D00);
}

INSTANTIATE_TEST_SUITE_P(Profiles, ReadertestT0, ::testing::Values("t0", "default", "inverse"));

}  // namespace
}  // namespace readerkit::sim::testing
