// SPDX-License-Identifier: MIT
// T=0 over an APDU-level card: 61xx / GET RESPONSE / 6Cxx served from the held response.
#include "t0_responses.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "fake_card.hpp"

namespace readerkit::vpcd::detail {
namespace {

using test::bytes;
using test::FakeCard;
using namespace std::chrono_literals;

struct T0Fixture : ::testing::Test {
  void SetUp() override {
    std::string error;
    auto listener = listen_tcp("127.0.0.1", 0, error);
    ASSERT_TRUE(listener.ok()) << error;
    card = FakeCard::connect(local_port(listener->get()), FakeCard::echo_card(test::t0_atr()));
    Fd fd;
    for (int i = 0; i < 500 && !fd; ++i) {
      fd = accept_tcp(listener->get());
      if (!fd) std::this_thread::sleep_for(10ms);
    }
    link = std::make_unique<CardLink>(std::move(fd), 2s);
  }
  Bytes transmit(Bytes tpdu) {
    Bytes response;
    EXPECT_EQ(t0.transmit(*link, tpdu, response), Status::SUCCESS);
    return response;
  }
  std::unique_ptr<FakeCard> card;
  std::unique_ptr<CardLink> link;
  T0Responses t0;
};

TEST_F(T0Fixture, Case3WithResponseDataAnnouncesItWith61xx) {
  EXPECT_EQ(transmit(bytes({0x00, 0xA4, 0x04, 0x00, 0x03, 0xA1, 0xA2, 0xA3})), bytes({0x61, 0x03}));
  EXPECT_EQ(transmit(bytes({0x00, 0xC0, 0x00, 0x00, 0x03})), bytes({0xA1, 0xA2, 0xA3, 0x90, 0x00}));
}

TEST_F(T0Fixture, GetResponseInPartsCountsDown) {
  transmit(bytes({0x00, 0xA4, 0x04, 0x00, 0x03, 0xA1, 0xA2, 0xA3}));
  EXPECT_EQ(transmit(bytes({0x00, 0xC0, 0x00, 0x00, 0x01})), bytes({0xA1, 0x61, 0x02}));
  EXPECT_EQ(transmit(bytes({0x00, 0xC0, 0x00, 0x00, 0x02})), bytes({0xA2, 0xA3, 0x90, 0x00}));
}

TEST_F(T0Fixture, GetResponseAskingTooMuchGets6CWithTheRightLength) {
  transmit(bytes({0x00, 0xA4, 0x04, 0x00, 0x03, 0xA1, 0xA2, 0xA3}));
  EXPECT_EQ(transmit(bytes({0x00, 0xC0, 0x00, 0x00, 0x10})), bytes({0x6C, 0x03}));
  EXPECT_EQ(transmit(bytes({0x00, 0xC0, 0x00, 0x00, 0x03})), bytes({0xA1, 0xA2, 0xA3, 0x90, 0x00}));
}

TEST_F(T0Fixture, Case3WithoutResponseDataPassesTheStatusWord) {
  EXPECT_EQ(transmit(bytes({0x00, 0xD6, 0x00, 0x00, 0x00})), bytes({0x90, 0x00}));
}

TEST_F(T0Fixture, OtherCommandsPassThroughAndDropTheHeldResponse) {
  transmit(bytes({0x00, 0xA4, 0x04, 0x00, 0x03, 0xA1, 0xA2, 0xA3}));
  EXPECT_EQ(transmit(bytes({0x00, 0xB0, 0x00, 0x00, 0x00})), bytes({0x90, 0x00}));
  // Nothing held any more: GET RESPONSE goes to the card, which echoes it like any command.
  EXPECT_EQ(transmit(bytes({0x00, 0xC0, 0x00, 0x00, 0x03})), bytes({0x90, 0x00}));
  EXPECT_EQ(card->received().size(), 3u);
}

// ISO/IEC 7816-3 §12.2.4: case 4S goes to the card as its case 3 TPDU (Le dropped), and the
// response is announced with 61xx as for any case 3, the same on every driver.
TEST_F(T0Fixture, Case4GoesAsCase3TpduAndIsAnnouncedWith61xx) {
  EXPECT_EQ(transmit(bytes({0x00, 0xA4, 0x04, 0x00, 0x03, 0xA1, 0xA2, 0xA3, 0x00})),
            bytes({0x61, 0x03}));
  ASSERT_EQ(card->received().size(), 1u);
  EXPECT_EQ(card->received()[0], bytes({0x00, 0xA4, 0x04, 0x00, 0x03, 0xA1, 0xA2, 0xA3}));
  EXPECT_EQ(transmit(bytes({0x00, 0xC0, 0x00, 0x00, 0x03})), bytes({0xA1, 0xA2, 0xA3, 0x90, 0x00}));
}

// A command that is no T=0 TPDU is refused before it reaches the card, as on every driver.
TEST_F(T0Fixture, CommandThatIsNoTpduIsRefused) {
  Bytes response;
  EXPECT_EQ(t0.transmit(*link, bytes({0x00, 0xD6, 0x00, 0x00, 0x03, 0xAA, 0xBB}), response),
            Status::INVALID_PARAMETER);
  EXPECT_TRUE(card->received().empty());
}

TEST_F(T0Fixture, LongResponseIsAnnouncedWithItsLength) {
  Bytes tpdu = bytes({0x00, 0xDA, 0x00, 0x00, 0xFF});
  tpdu.resize(5 + 255, std::byte{0x11});
  // The echo card returns 255 data bytes; hold them and announce 61 FF.
  EXPECT_EQ(transmit(tpdu), bytes({0x61, 0xFF}));
  EXPECT_EQ(transmit(bytes({0x00, 0xC0, 0x00, 0x00, 0xFF})).size(), 257u);
}

}  // namespace
}  // namespace readerkit::vpcd::detail
