// SPDX-License-Identifier: MIT
// CardLink against a scripted card over loopback TCP: framing, validation of what the card
// sends (lengths, short reads, silence, garbage) and the bounded time of every failure.
#include "card_link.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "fake_card.hpp"

namespace readerkit::vpcd::detail {
namespace {

using test::bytes;
using test::FakeCard;
using test::frame;
using namespace std::chrono_literals;

constexpr std::array kColdReset{VpcdControl::VPCD_CTRL_OFF, VpcdControl::VPCD_CTRL_ON,
                                VpcdControl::VPCD_CTRL_ATR};

// A listener, a scripted card connected to it and the reader's end as a CardLink.
struct Pair {
  std::unique_ptr<FakeCard> card;
  std::unique_ptr<CardLink> link;
};

Pair connect_pair(FakeCard::Script script, std::chrono::milliseconds timeout = 300ms) {
  std::string error;
  auto listener = listen_tcp("127.0.0.1", 0, error);
  EXPECT_TRUE(listener.ok()) << error;
  Pair pair;
  pair.card = FakeCard::connect(local_port(listener->get()), std::move(script));
  Fd fd;
  for (int i = 0; i < 500 && !fd; ++i) {
    fd = accept_tcp(listener->get());
    if (!fd) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(fd);
  pair.link = std::make_unique<CardLink>(std::move(fd), timeout);
  return pair;
}

// A card that answers only VPCD_CTRL_ATR, with `raw` bytes.
FakeCard::Script on_atr(Bytes raw) {
  return [raw](std::span<const std::byte> payload) -> std::optional<Bytes> {
    if (payload.size() == 1 && payload[0] == std::byte{0x04}) return raw;
    return std::nullopt;
  };
}

// Runs f and returns how long it took, for "bounded time" checks (generous limits only).
template <class F>
std::chrono::milliseconds timed(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

TEST(CardLink, ColdResetSendsOffOnAtrAndReturnsTheAtr) {
  auto p = connect_pair(FakeCard::echo_card(test::vicc_atr()));
  Bytes atr;
  ASSERT_EQ(p.link->power(kColdReset, atr), Status::SUCCESS);
  EXPECT_EQ(atr, test::vicc_atr());
  EXPECT_EQ(p.card->received(), (std::vector<Bytes>{bytes({0}), bytes({1}), bytes({4})}));
}

TEST(CardLink, PowerDownWaitsForNoAnswer) {
  auto p = connect_pair(FakeCard::echo_card(test::vicc_atr()));
  Bytes atr;
  const std::array down{VpcdControl::VPCD_CTRL_OFF};
  EXPECT_EQ(p.link->power(down, atr), Status::SUCCESS);
  EXPECT_TRUE(atr.empty());
  EXPECT_FALSE(p.link->broken());
}

TEST(CardLink, ApduExchangeReturnsTheResponse) {
  auto p = connect_pair(FakeCard::echo_card(test::vicc_atr()));
  Bytes response;
  ASSERT_EQ(p.link->exchange(bytes({0x00, 0xD6, 0x00, 0x00, 0x02, 0xAB, 0xCD}), response),
            Status::SUCCESS);
  EXPECT_EQ(response, bytes({0xAB, 0xCD, 0x90, 0x00}));
}

TEST(CardLink, ExtendedApduPassesThroughWhole) {
  auto p = connect_pair(FakeCard::echo_card(test::vicc_atr()));
  Bytes apdu = bytes({0x00, 0xD6, 0x00, 0x00, 0x00, 0x13, 0x88});
  apdu.resize(7 + 5000, std::byte{0x5A});
  Bytes response;
  ASSERT_EQ(p.link->exchange(apdu, response), Status::SUCCESS);
  ASSERT_EQ(response.size(), 5000u + 2 + 2);  // echo keeps bytes after the 5-byte header
  EXPECT_EQ(p.card->received().back(), apdu);
}

TEST(CardLink, CommandShorterThanAHeaderIsRefusedWithoutIo) {
  auto p = connect_pair(FakeCard::echo_card(test::vicc_atr()));
  Bytes response;
  EXPECT_EQ(p.link->exchange(bytes({0x00, 0x84, 0x00}), response), Status::INVALID_PARAMETER);
  EXPECT_FALSE(p.link->broken());
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(p.card->received().empty());
}

TEST(CardLink, OversizedAtrLengthIsProtocolErrorAtOnce) {
  auto p = connect_pair(on_atr(bytes({0xFF, 0xFF, 0x3B})), 5s);
  Bytes atr;
  auto elapsed = timed([&] { EXPECT_EQ(p.link->power(kColdReset, atr), Status::DEVICE_PROTOCOL_ERROR); });
  EXPECT_LT(elapsed, 4s);  // decided from the prefix, without waiting for 65535 bytes
  EXPECT_TRUE(p.link->broken());
}

TEST(CardLink, EmptyAtrMeansNoCard) {
  auto p = connect_pair(on_atr(bytes({0x00, 0x00})));
  Bytes atr;
  EXPECT_EQ(p.link->power(kColdReset, atr), Status::NO_MEDIA);
  EXPECT_TRUE(p.link->broken());
}

TEST(CardLink, ResponseWithoutStatusWordIsProtocolError) {
  auto p = connect_pair([](std::span<const std::byte>) { return frame({0x90}); });
  Bytes response;
  EXPECT_EQ(p.link->exchange(bytes({0x00, 0x84, 0x00, 0x00, 0x08}), response),
            Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_TRUE(p.link->broken());
}

TEST(CardLink, SilentCardTimesOutAndBreaksTheLink) {
  auto p = connect_pair([](std::span<const std::byte>) { return std::nullopt; }, 300ms);
  Bytes response;
  auto elapsed = timed([&] {
    EXPECT_EQ(p.link->exchange(bytes({0x00, 0x84, 0x00, 0x00, 0x08}), response), Status::IO_TIMEOUT);
  });
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 10s);
  EXPECT_TRUE(p.link->broken());
  EXPECT_EQ(p.link->exchange(bytes({0x00, 0x84, 0x00, 0x00, 0x08}), response), Status::NO_MEDIA);
}

TEST(CardLink, PartialFrameThenSilenceTimesOut) {
  auto p = connect_pair([](std::span<const std::byte>) { return bytes({0x00, 0x10, 0x01, 0x02}); });
  Bytes response;
  EXPECT_EQ(p.link->exchange(bytes({0x00, 0x84, 0x00, 0x00, 0x08}), response), Status::IO_TIMEOUT);
  EXPECT_TRUE(p.link->broken());
}

TEST(CardLink, HalfAPrefixThenSilenceTimesOut) {
  auto p = connect_pair(on_atr(bytes({0x00})));
  Bytes atr;
  EXPECT_EQ(p.link->power(kColdReset, atr), Status::IO_TIMEOUT);
}

TEST(CardLink, CardClosingMidFrameIsNoMedia) {
  auto p = connect_pair([](std::span<const std::byte>) { return bytes({0x00, 0x10, 0x01}); }, 5s);
  p.card->hang_up_after_answer();
  Bytes response;
  auto elapsed = timed([&] {
    EXPECT_EQ(p.link->exchange(bytes({0x00, 0x84, 0x00, 0x00, 0x08}), response), Status::NO_MEDIA);
  });
  EXPECT_LT(elapsed, 4s);  // end of stream is seen at once, not after the timeout
}

TEST(CardLink, UnsolicitedBytesAreGarbage) {
  auto p = connect_pair(FakeCard::echo_card(test::vicc_atr()));
  p.card->send_raw(bytes({0x00, 0x02, 0x90, 0x00}));
  std::this_thread::sleep_for(100ms);
  Bytes response;
  EXPECT_EQ(p.link->exchange(bytes({0x00, 0x84, 0x00, 0x00, 0x08}), response),
            Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_TRUE(p.link->broken());
}

TEST(CardLink, ResponseArrivingInPiecesIsReassembled) {
  FakeCard* card = nullptr;
  auto p = connect_pair([](std::span<const std::byte>) { return bytes({0x00, 0x04, 0x01}); }, 5s);
  card = p.card.get();
  std::thread late([card] {
    std::this_thread::sleep_for(100ms);
    card->send_raw(bytes({0x02, 0x90, 0x00}));
  });
  Bytes response;
  EXPECT_EQ(p.link->exchange(bytes({0x00, 0x84, 0x00, 0x00, 0x02}), response), Status::SUCCESS);
  late.join();
  EXPECT_EQ(response, bytes({0x01, 0x02, 0x90, 0x00}));
}

}  // namespace
}  // namespace readerkit::vpcd::detail
