// SPDX-License-Identifier: MIT
// The vpcd reader against the real vicc iso7816 card from Debian: power, ATR, protocol,
// GET CHALLENGE, SELECT MF, READ BINARY through the Device; removal when vicc is killed and a
// new card when it comes back.
#include <fcntl.h>
#include <gtest/gtest.h>

#include "device_helpers.hpp"
#include "fake_card.hpp"
#include "readerkit/vpcd/vpcd_reader.hpp"
#include "vicc_process.hpp"

namespace readerkit::vpcd {
namespace {

using namespace test;

struct ViccFixture : ::testing::Test {
  void SetUp() override {
    std::string error;
    reader = open_vpcd_reader({"127.0.0.1", "0", "timeout=10000"}, {}, error);
    ASSERT_TRUE(reader) << error;
    start_vicc();
  }
  void start_vicc() {
    auto present = track(device(), IOCTL_SMARTCARD_IS_PRESENT);
    vicc = std::make_unique<ViccProcess>(reader->port(0));
    ASSERT_TRUE(vicc->started());
    ASSERT_EQ(await(present, std::chrono::seconds(60)), Status::SUCCESS) << "vicc did not connect";
  }
  void power_up() {
    Reply atr = power(device(), PowerAction::SCARD_COLD_RESET);
    ASSERT_EQ(atr.status, Status::SUCCESS);
    ASSERT_EQ(set_protocol(device(), SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1).status, Status::SUCCESS);
  }
  Reply send(const Bytes& apdu) { return transmit(device(), SCARD_PROTOCOL_T1, apdu); }
  Device& device() { return reader->slot(0); }

  std::unique_ptr<VpcdReader> reader;
  std::unique_ptr<ViccProcess> vicc;
};

Bytes sw(const Reply& r) {
  return r.output.size() >= 2 ? Bytes(r.output.end() - 2, r.output.end()) : Bytes{};
}

TEST_F(ViccFixture, PowerGivesViccsAtrAndT1IsSelected) {
  Reply atr = power(device(), PowerAction::SCARD_COLD_RESET);
  ASSERT_EQ(atr.status, Status::SUCCESS);
  EXPECT_EQ(atr.output, vicc_atr());
  Reply p = set_protocol(device(), SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  ASSERT_EQ(p.status, Status::SUCCESS);
  EXPECT_EQ(p.output, le32_bytes(SCARD_PROTOCOL_T1));
  EXPECT_EQ(device().state(), CardState::SCARD_SPECIFIC);
  EXPECT_EQ(power(device(), PowerAction::SCARD_WARM_RESET).output, vicc_atr());
}

TEST_F(ViccFixture, GetChallengeReturnsEightFreshBytes) {
  power_up();
  Reply a = send(bytes({0x00, 0x84, 0x00, 0x00, 0x08}));
  Reply b = send(bytes({0x00, 0x84, 0x00, 0x00, 0x08}));
  ASSERT_EQ(a.status, Status::SUCCESS);
  ASSERT_EQ(a.output.size(), 10u);
  EXPECT_EQ(sw(a), bytes({0x90, 0x00}));
  EXPECT_NE(a.output, b.output);
}

TEST_F(ViccFixture, SelectMfThenReadBinary) {
  power_up();
  // SELECT with P2=0C (no response data): vicc 0.8 fails on P2=00 (spec page, Debian quirks).
  Reply select = send(bytes({0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00}));
  ASSERT_EQ(select.status, Status::SUCCESS);
  EXPECT_EQ(select.output, bytes({0x90, 0x00}));
  // vicc's iso7816 card starts with an empty MF: READ BINARY there is refused (69 86, command
  // not allowed, no current EF); after CREATE FILE of a 16-byte transparent EF 0101 and
  // SELECT of it, READ BINARY returns its (zeroed) content.
  EXPECT_EQ(send(bytes({0x00, 0xB0, 0x00, 0x00, 0x10})).output, bytes({0x69, 0x86}));
  Reply create = send(bytes({0x00, 0xE0, 0x00, 0x00, 0x0D, 0x62, 0x0B, 0x82, 0x01, 0x01, 0x83,
                             0x02, 0x01, 0x01, 0x80, 0x02, 0x00, 0x10}));
  ASSERT_EQ(create.output, bytes({0x90, 0x00}));
  ASSERT_EQ(send(bytes({0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x01})).output, bytes({0x90, 0x00}));
  EXPECT_EQ(send(bytes({0x00, 0xB0, 0x00, 0x00, 0x04})).output,
            bytes({0x00, 0x00, 0x00, 0x00, 0x90, 0x00}));
}

TEST_F(ViccFixture, KillingViccIsRemovalAndARestartIsANewCard) {
  power_up();
  auto absent = track(device(), IOCTL_SMARTCARD_IS_ABSENT);
  vicc->kill();
  ASSERT_EQ(await(absent), Status::SUCCESS);
  EXPECT_EQ(device().state(), CardState::SCARD_ABSENT);
  EXPECT_EQ(send(bytes({0x00, 0x84, 0x00, 0x00, 0x08})).status, Status::NO_MEDIA);
  start_vicc();
  power_up();
  EXPECT_EQ(sw(send(bytes({0x00, 0x84, 0x00, 0x00, 0x08}))), bytes({0x90, 0x00}));
}

}  // namespace
}  // namespace readerkit::vpcd
