// SPDX-License-Identifier: MIT
// The vpcd reader end to end against scripted cards: connection = insertion, close = removal
// (tracking completes), power / protocol / transmit, misbehaving peers ending in documented
// statuses within bounded time, reversed mode with reconnection, port conflicts.
#include "readerkit/vpcd/vpcd_reader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "device_helpers.hpp"
#include "fake_card.hpp"

namespace readerkit::vpcd {
namespace {

using namespace test;
using namespace std::chrono_literals;

std::unique_ptr<VpcdReader> open(const std::vector<std::string>& fields) {
  std::string error;
  auto reader = open_vpcd_reader(fields, {}, error);
  EXPECT_TRUE(reader) << error;
  return reader;
}

// A reader on a free loopback port with a card connected and seen as inserted.
struct Connected {
  std::unique_ptr<VpcdReader> reader;
  std::unique_ptr<FakeCard> card;
  Device& device() { return reader->slot(0); }
};

Connected connect_card(FakeCard::Script script, std::string timeout = "timeout=2000") {
  Connected c;
  c.reader = open({"127.0.0.1", "0", timeout});
  auto present = track(c.reader->slot(0), IOCTL_SMARTCARD_IS_PRESENT);
  c.card = FakeCard::connect(c.reader->port(0), std::move(script));
  EXPECT_TRUE(c.card);
  EXPECT_EQ(await(present), Status::SUCCESS);
  return c;
}

const Bytes kGetChallenge = bytes({0x00, 0x84, 0x00, 0x00, 0x08});

TEST(VpcdReader, StartsWithoutACardOnTheAskedPort) {
  auto reader = open({"127.0.0.1", "0"});
  ASSERT_EQ(reader->slot_count(), 1u);
  EXPECT_NE(reader->port(0), 0);
  EXPECT_EQ(reader->slot(0).state(), CardState::SCARD_ABSENT);
  EXPECT_NE(reader->description().find("127.0.0.1"), std::string::npos);
  EXPECT_EQ(power(reader->slot(0), PowerAction::SCARD_COLD_RESET).status, Status::NO_MEDIA);
}

// The listener's local address as /proc/net/tcp shows it ("0100007F" is 127.0.0.1).
std::string listening_address(std::uint16_t port) {
  std::ifstream table("/proc/net/tcp");
  std::string line;
  std::getline(table, line);
  char wanted[8];
  std::snprintf(wanted, sizeof wanted, ":%04X", port);
  while (std::getline(table, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state;
    fields >> slot >> local >> remote >> state;
    if (state == "0A" && local.ends_with(wanted)) return local.substr(0, local.size() - 5);
  }
  return {};
}

TEST(VpcdReader, ListensOnLoopbackOnlyByDefault) {
  auto reader = open({"", "0"});
  EXPECT_EQ(listening_address(reader->port(0)), "0100007F");
  auto everywhere = open({"0.0.0.0", "0"});  // all interfaces only when asked for
  EXPECT_EQ(listening_address(everywhere->port(0)), "00000000");
}

TEST(VpcdReader, ConnectionIsInsertionAndPowerGivesTheCardsAtr) {
  auto c = connect_card(FakeCard::echo_card(vicc_atr()));
  EXPECT_NE(c.device().state(), CardState::SCARD_ABSENT);
  Reply atr = power(c.device(), PowerAction::SCARD_COLD_RESET);
  ASSERT_EQ(atr.status, Status::SUCCESS);
  EXPECT_EQ(atr.output, vicc_atr());
  EXPECT_EQ(c.device().state(), CardState::SCARD_NEGOTIABLE);
}

TEST(VpcdReader, ViccAtrSelectsT1AndApdusPassThrough) {
  auto c = connect_card(FakeCard::echo_card(vicc_atr()));
  ASSERT_EQ(power(c.device(), PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  Reply p = set_protocol(c.device(), SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  ASSERT_EQ(p.status, Status::SUCCESS);
  EXPECT_EQ(p.output, le32_bytes(SCARD_PROTOCOL_T1));
  Reply r = transmit(c.device(), SCARD_PROTOCOL_T1, bytes({0x00, 0xD6, 0x00, 0x00, 0x02, 0x12, 0x34}));
  ASSERT_EQ(r.status, Status::SUCCESS);
  EXPECT_EQ(r.output, bytes({0x12, 0x34, 0x90, 0x00}));
  // The card got exactly: off, on, get ATR, then the APDU as sent (no T=1 blocks).
  auto got = c.card->received();
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[3], bytes({0x00, 0xD6, 0x00, 0x00, 0x02, 0x12, 0x34}));
}

TEST(VpcdReader, ExtendedApduPassesThrough) {
  auto c = connect_card(FakeCard::echo_card(vicc_atr()));
  power(c.device(), PowerAction::SCARD_COLD_RESET);
  set_protocol(c.device(), SCARD_PROTOCOL_T1);
  Bytes apdu = bytes({0x00, 0xD6, 0x00, 0x00, 0x00, 0x0F, 0xA0});
  apdu.resize(7 + 4000, std::byte{0x77});
  Reply r = transmit(c.device(), SCARD_PROTOCOL_T1, apdu);
  ASSERT_EQ(r.status, Status::SUCCESS);
  EXPECT_EQ(r.output.size(), 4000u + 2 + 2);
  EXPECT_EQ(c.card->received().back(), apdu);
}

TEST(VpcdReader, T0OnlyCardGets61xxAndGetResponse) {
  auto c = connect_card(FakeCard::echo_card(t0_atr()));
  ASSERT_EQ(power(c.device(), PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  Reply p = set_protocol(c.device(), SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  ASSERT_EQ(p.status, Status::SUCCESS);
  EXPECT_EQ(p.output, le32_bytes(SCARD_PROTOCOL_T0));
  Reply r = transmit(c.device(), SCARD_PROTOCOL_T0, bytes({0x00, 0xA4, 0x04, 0x00, 0x02, 0xA1, 0xA2}));
  EXPECT_EQ(r.output, bytes({0x61, 0x02}));
  r = transmit(c.device(), SCARD_PROTOCOL_T0, bytes({0x00, 0xC0, 0x00, 0x00, 0x02}));
  EXPECT_EQ(r.output, bytes({0xA1, 0xA2, 0x90, 0x00}));
}

TEST(VpcdReader, CardClosingIsRemovalAndCompletesIsAbsent) {
  auto c = connect_card(FakeCard::echo_card(vicc_atr()));
  power(c.device(), PowerAction::SCARD_COLD_RESET);
  set_protocol(c.device(), SCARD_PROTOCOL_T1);
  auto absent = track(c.device(), IOCTL_SMARTCARD_IS_ABSENT);
  c.card->close();
  EXPECT_EQ(await(absent), Status::SUCCESS);
  EXPECT_EQ(c.device().state(), CardState::SCARD_ABSENT);
  EXPECT_EQ(transmit(c.device(), SCARD_PROTOCOL_T1, kGetChallenge).status, Status::NO_MEDIA);
}

TEST(VpcdReader, ANewConnectionAfterRemovalIsANewCard) {
  auto c = connect_card(FakeCard::echo_card(vicc_atr()));
  c.card->close();
  ASSERT_TRUE(eventually([&] { return c.device().state() == CardState::SCARD_ABSENT; }));
  auto present = track(c.device(), IOCTL_SMARTCARD_IS_PRESENT);
  auto again = FakeCard::connect(c.reader->port(0), FakeCard::echo_card(vicc_atr()));
  EXPECT_EQ(await(present), Status::SUCCESS);
  EXPECT_EQ(power(c.device(), PowerAction::SCARD_COLD_RESET).output, vicc_atr());
}

TEST(VpcdReader, SecondCardOnTheSameSlotIsRefused) {
  auto c = connect_card(FakeCard::echo_card(vicc_atr()));
  auto intruder = FakeCard::connect(c.reader->port(0), FakeCard::echo_card(t0_atr()));
  ASSERT_TRUE(intruder);
  EXPECT_TRUE(eventually([&] { return intruder->peer_closed(); }));
  EXPECT_EQ(power(c.device(), PowerAction::SCARD_COLD_RESET).output, vicc_atr());
}

// Misbehaving peers: each ends the request in bounded time, the card is dropped (state
// ABSENT) and the Device reports STATUS_NO_MEDIA since the card is gone (docs/vpcd.md).
struct Misbehaviour {
  const char* name;
  FakeCard::Script script;
};

FakeCard::Script answer_apdus_with(Bytes raw) {
  Bytes atr = vicc_atr();
  return [atr, raw](std::span<const std::byte> payload) -> std::optional<Bytes> {
    if (payload.size() == 1) return payload[0] == std::byte{4} ? std::optional(frame(atr)) : std::nullopt;
    if (raw.empty()) return std::nullopt;  // silence
    return raw;
  };
}

TEST(VpcdReader, MisbehavingPeersAreDroppedInBoundedTime) {
  const std::vector<Misbehaviour> cases{
      {"silent", answer_apdus_with({})},
      {"partial frame", answer_apdus_with(bytes({0x00, 0x20, 0x90}))},
      {"half a prefix", answer_apdus_with(bytes({0x00}))},
      {"no status word", answer_apdus_with(frame({0x90}))},
      {"empty frame", answer_apdus_with(bytes({0x00, 0x00}))},
  };
  for (const auto& m : cases) {
    SCOPED_TRACE(m.name);
    auto c = connect_card(m.script, "timeout=300");
    ASSERT_EQ(power(c.device(), PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
    ASSERT_EQ(set_protocol(c.device(), SCARD_PROTOCOL_T1).status, Status::SUCCESS);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(transmit(c.device(), SCARD_PROTOCOL_T1, kGetChallenge).status, Status::NO_MEDIA);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
    EXPECT_EQ(c.device().state(), CardState::SCARD_ABSENT);
    EXPECT_TRUE(eventually([&] { return c.card->peer_closed(); }));
  }
}

TEST(VpcdReader, GarbageAtrsAreDropped) {
  for (const Bytes& raw : {bytes({0xFF, 0xFF, 0x3B}), bytes({0x00, 0x00}), bytes({0x00, 0x22, 0x3B})}) {
    auto c = connect_card([raw](std::span<const std::byte> p) -> std::optional<Bytes> {
      if (p.size() == 1 && p[0] == std::byte{4}) return raw;
      return std::nullopt;
    }, "timeout=300");
    EXPECT_EQ(power(c.device(), PowerAction::SCARD_COLD_RESET).status, Status::NO_MEDIA);
    EXPECT_EQ(c.device().state(), CardState::SCARD_ABSENT);
  }
}

TEST(VpcdReader, UnsolicitedBytesDropTheCardAtTheNextRequest) {
  auto c = connect_card(FakeCard::echo_card(vicc_atr()));
  power(c.device(), PowerAction::SCARD_COLD_RESET);
  set_protocol(c.device(), SCARD_PROTOCOL_T1);
  c.card->send_raw(bytes({0xDE, 0xAD, 0xBE, 0xEF}));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(transmit(c.device(), SCARD_PROTOCOL_T1, kGetChallenge).status, Status::NO_MEDIA);
  EXPECT_EQ(c.device().state(), CardState::SCARD_ABSENT);
}

TEST(VpcdReader, UnsolicitedFrameBetweenRequestsIsRemovalAtOnce) {
  auto c = connect_card(FakeCard::echo_card(vicc_atr()));
  ASSERT_EQ(power(c.device(), PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  auto absent = track(c.device(), IOCTL_SMARTCARD_IS_ABSENT);
  c.card->send_raw(frame({0x6A, 0x82}));  // a well-formed frame, but nobody asked
  EXPECT_EQ(await(absent, 5s), Status::SUCCESS);  // no request needed to notice
  EXPECT_EQ(c.device().state(), CardState::SCARD_ABSENT);
  EXPECT_TRUE(eventually([&] { return c.card->peer_closed(); }));
}

TEST(VpcdReader, FramesQueuedBehindAnAnswerAreNeverTakenAsAnswers) {
  // The answer comes with a second frame behind it: which one answers the request cannot be
  // known, so the request fails and the card is dropped instead of a later request reading
  // the extra frame as its own answer.
  auto c = connect_card([](std::span<const std::byte> p) -> std::optional<Bytes> {
    if (p.size() == 1) return p[0] == std::byte{4} ? frame(vicc_atr()) : std::optional<Bytes>{};
    Bytes raw = frame({0x90, 0x00});
    const Bytes extra = frame({0x11, 0x22, 0x90, 0x00});
    raw.insert(raw.end(), extra.begin(), extra.end());
    return raw;
  });
  ASSERT_EQ(power(c.device(), PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  ASSERT_EQ(set_protocol(c.device(), SCARD_PROTOCOL_T1).status, Status::SUCCESS);
  EXPECT_EQ(transmit(c.device(), SCARD_PROTOCOL_T1, kGetChallenge).status, Status::NO_MEDIA);
  EXPECT_EQ(c.device().state(), CardState::SCARD_ABSENT);
}

TEST(VpcdReader, AFloodingPeerIsDroppedAndNothingSucceedsAfterwards) {
  // The card never answers but floods well-formed responses. A frame that arrives while a
  // request is outstanding cannot be told from its answer (vpcd frames carry no request id),
  // but the first one that arrives between requests is a violation: the card is dropped, and
  // no request succeeds from then on.
  auto c = connect_card([](std::span<const std::byte> p) -> std::optional<Bytes> {
    if (p.size() == 1 && p[0] == std::byte{4}) return frame(vicc_atr());
    return std::nullopt;
  }, "timeout=300");
  ASSERT_EQ(power(c.device(), PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  ASSERT_EQ(set_protocol(c.device(), SCARD_PROTOCOL_T1).status, Status::SUCCESS);
  auto absent = track(c.device(), IOCTL_SMARTCARD_IS_ABSENT);
  std::atomic<bool> stop{false};
  std::thread flood([&] {
    const Bytes f = frame({0x66, 0x66, 0x90, 0x00});
    while (!stop && !c.card->peer_closed()) {
      c.card->send_raw(f);
      std::this_thread::sleep_for(1ms);
    }
  });
  EXPECT_EQ(await(absent, 5s), Status::SUCCESS);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(transmit(c.device(), SCARD_PROTOCOL_T1, kGetChallenge).status, Status::NO_MEDIA);
    std::this_thread::sleep_for(5ms);
  }
  stop = true;
  flood.join();
}

TEST(VpcdReader, ReversedModeConnectsToAListeningCardAndReconnects) {
  auto card = FakeCard::listen(FakeCard::echo_card(vicc_atr()));
  ASSERT_TRUE(card);
  auto reader = open({"connect", "127.0.0.1", std::to_string(card->port()), "reconnect=50"});
  Device& device = reader->slot(0);
  ASSERT_TRUE(eventually([&] { return device.state() != CardState::SCARD_ABSENT; }));
  EXPECT_EQ(power(device, PowerAction::SCARD_COLD_RESET).output, vicc_atr());
  const std::uint16_t port = card->port();
  card.reset();  // the card goes away...
  ASSERT_TRUE(eventually([&] { return device.state() == CardState::SCARD_ABSENT; }));
  auto back = FakeCard::listen(FakeCard::echo_card(t0_atr()), port);  // ...and comes back
  ASSERT_TRUE(back);
  ASSERT_TRUE(eventually([&] { return device.state() != CardState::SCARD_ABSENT; }));
  EXPECT_EQ(power(device, PowerAction::SCARD_COLD_RESET).output, t0_atr());
}

TEST(VpcdReader, ReversedModeSeesAListeningCardAtTheFirstPresenceCheck) {
  for (int round = 0; round < 20; ++round) {
    auto card = FakeCard::listen(FakeCard::echo_card(vicc_atr()));
    ASSERT_TRUE(card);
    auto reader = open({"connect", "127.0.0.1", std::to_string(card->port())});
    // No waiting: a host (pcscd, a tool loading the handler) asks right after opening.
    EXPECT_NE(reader->slot(0).state(), CardState::SCARD_ABSENT) << "round " << round;
  }
}

TEST(VpcdReader, ReversedModeWithNoCardOpensWithinTheAttemptBound) {
  auto probe = FakeCard::listen(FakeCard::echo_card(vicc_atr()));
  const std::uint16_t port = probe->port();
  probe.reset();  // nobody listens there now: the attempt is refused at once
  const auto start = std::chrono::steady_clock::now();
  auto reader = open({"connect", "127.0.0.1", std::to_string(port)});
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_EQ(reader->slot(0).state(), CardState::SCARD_ABSENT);
}

TEST(VpcdReader, BusyPortIsAClearError) {
  auto first = open({"127.0.0.1", "0"});
  std::string error;
  auto second = open_vpcd_reader({"127.0.0.1", std::to_string(first->port(0))}, {}, error);
  EXPECT_FALSE(second);
  EXPECT_NE(error.find("cannot listen"), std::string::npos) << error;
}

TEST(VpcdReader, SlotsListenOnConsecutivePorts) {
  auto probe = open({"127.0.0.1", "0"});
  const std::uint16_t base = probe->port(0);
  probe.reset();  // free the port again, then ask for base and base+1
  auto reader = open({"127.0.0.1", std::to_string(base), "slots=2"});
  ASSERT_EQ(reader->slot_count(), 2u);
  EXPECT_EQ(reader->port(1), base + 1);
  auto present = track(reader->slot(1), IOCTL_SMARTCARD_IS_PRESENT);
  auto card = FakeCard::connect(base + 1, FakeCard::echo_card(vicc_atr()));
  EXPECT_EQ(await(present), Status::SUCCESS);
  EXPECT_EQ(reader->slot(0).state(), CardState::SCARD_ABSENT);
}

}  // namespace
}  // namespace readerkit::vpcd
