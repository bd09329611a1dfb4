// SPDX-License-Identifier: MIT
// `slots=N`: independent slots, each its own Device and card, addressed by `slot=K` words.
#include <thread>

#include "sim_fixture.hpp"
#include "readerkit/io_request.hpp"

namespace readerkit::sim::testing {
namespace {

TEST(SimSlots, DefaultIsOneSlot) {
  SimHost host;
  ASSERT_TRUE(host.reader);
  EXPECT_EQ(host.reader->slot_count(), 1u);
  EXPECT_EQ(host.reader->description(), "ReaderKit Simulated Reader (profile default)");
}

TEST(SimSlots, SlotsKeyAcceptsOneToFour) {
  for (std::size_t n = 1; n <= 4; ++n) {
    SimHost host({"profile=t1", "slots=" + std::to_string(n)});
    ASSERT_TRUE(host.reader) << n;
    EXPECT_EQ(host.reader->slot_count(), n);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_EQ(host.reader->slot(i).state(), CardState::SCARD_SWALLOWED) << i;
    }
  }
}

TEST(SimSlots, SlotsKeyRejectsBadValues) {
  for (const char* field : {"slots=0", "slots=5", "slots=", "slots", "slots=x", "slots=12"}) {
    std::string error;
    EXPECT_EQ(open_sim_reader({field}, {}, error), nullptr) << field;
    EXPECT_FALSE(error.empty()) << field;
  }
}

TEST(SimSlots, EachSlotHasItsOwnDeviceAndCard) {
  SimHost host({"profile=t1", "slots=2"});
  ASSERT_EQ(host.reader->slot_count(), 2u);
  Device& a = host.reader->slot(0);
  Device& b = host.reader->slot(1);
  EXPECT_NE(&a, &b);
  host.start(SCARD_PROTOCOL_T1);  // slot 0 only
  EXPECT_EQ(a.state(), CardState::SCARD_SPECIFIC);
  EXPECT_EQ(b.state(), CardState::SCARD_SWALLOWED);
}

TEST(SimSlots, CardCommandsAddressASlot) {
  SimHost host({"slots=2", "card=absent"});
  EXPECT_TRUE(host.command("card insert slot=1").ok);
  EXPECT_EQ(host.reader->slot(0).state(), CardState::SCARD_ABSENT);
  EXPECT_EQ(host.reader->slot(1).state(), CardState::SCARD_SWALLOWED);
  EXPECT_TRUE(host.command("card insert t0").ok);  // slot 0 by default
  EXPECT_EQ(host.reader->slot(0).state(), CardState::SCARD_SWALLOWED);
  CommandReply again = host.command("card insert slot=1 t1");
  EXPECT_FALSE(again.ok);
  EXPECT_EQ(again.message, "a card is already inserted");
  EXPECT_TRUE(host.command("card remove slot=1").ok);
  EXPECT_EQ(host.reader->slot(0).state(), CardState::SCARD_SWALLOWED);
  EXPECT_EQ(host.reader->slot(1).state(), CardState::SCARD_ABSENT);
  EXPECT_FALSE(host.command("card remove slot=1").ok);
  EXPECT_TRUE(host.command("card remove slot=0").ok);
  EXPECT_EQ(host.reader->slot(0).state(), CardState::SCARD_ABSENT);
}

TEST(SimSlots, BadSlotWordsAreRefused) {
  SimHost host({"slots=2"});
  const std::pair<const char*, const char*> cases[] = {
      {"card remove slot=2", "no slot 2 (the reader has 2 slots)"},
      {"card remove slot=", "slot= needs a slot number"},
      {"card remove slot=x", "slot= needs a slot number"},
      {"card remove slot=-1", "slot= needs a slot number"},
      {"card remove slot=0 slot=1", "slot= given twice"},
  };
  for (const auto& [line, message] : cases) {
    CommandReply r = host.command(line);
    EXPECT_FALSE(r.ok) << line;
    EXPECT_EQ(r.message, message) << line;
  }
  EXPECT_EQ(host.reader->slot(0).state(), CardState::SCARD_SWALLOWED);
  SimHost single;
  EXPECT_EQ(single.command("card remove slot=1").message, "no slot 1 (the reader has 1 slot)");
  EXPECT_TRUE(single.command("card remove slot=0").ok);
}

TEST(SimSlots, FaultsBelongToTheirSlot) {
  SimHost host({"profile=t1", "slots=2"});
  ASSERT_TRUE(host.command("fault mute slot=1").ok);
  host.start(SCARD_PROTOCOL_T1);
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);  // slot 0 unaffected
  Bytes out(64);
  const Bytes cold = le32_bytes(static_cast<std::uint32_t>(PowerAction::SCARD_COLD_RESET));
  EXPECT_EQ(host.reader->slot(1).control(IOCTL_SMARTCARD_POWER, cold, out).status,
            Status::SUCCESS);  // the ATR comes before the mute
  ASSERT_TRUE(host.command("fault clear slot=1").ok);
  ASSERT_TRUE(host.command("fault mute").ok);
  EXPECT_EQ(host.transmit(hex("80300000")).status, Status::IO_TIMEOUT);
}

TEST(SimSlots, TraceLinesNameTheirSlot) {
  SimHost host({"profile=t1", "slots=2"});
  std::vector<std::string> lines;
  host.reader->set_trace([&lines](std::string_view line) { lines.emplace_back(line); });
  Bytes out(64);
  const Bytes cold = le32_bytes(static_cast<std::uint32_t>(PowerAction::SCARD_COLD_RESET));
  ASSERT_EQ(host.reader->slot(1).control(IOCTL_SMARTCARD_POWER, cold, out).status, Status::SUCCESS);
  ASSERT_FALSE(lines.empty());
  for (const auto& line : lines) EXPECT_EQ(line.rfind("slot 1 ", 0), 0u) << line;
  EXPECT_EQ(host.reader->description(), "ReaderKit Simulated Reader (profile t1, 2 slots)");
}

TEST(SimSlots, SlotsWorkAtTheSameTime) {
  SimHost host({"profile=t1", "slots=2"});
  auto run = [&host](std::size_t index, int& good) {
    Device& device = host.reader->slot(index);
    Bytes out(300);
    const Bytes cold = le32_bytes(static_cast<std::uint32_t>(PowerAction::SCARD_COLD_RESET));
    if (device.control(IOCTL_SMARTCARD_POWER, cold, out).status != Status::SUCCESS) return;
    if (device.control(IOCTL_SMARTCARD_SET_PROTOCOL, le32_bytes(SCARD_PROTOCOL_T1), out).status !=
        Status::SUCCESS) {
      return;
    }
    // readertest case 2: 80 34 00 40 40 -> 64 pattern bytes, 9000.
    const Bytes in = transmit_request(SCARD_PROTOCOL_T1, hex("8034004040"));
    for (int i = 0; i < 20; ++i) {
      IoResult r = device.control(IOCTL_SMARTCARD_TRANSMIT, in, out);
      if (r.status != Status::SUCCESS || r.information != 8 + 0x40 + 2) continue;
      const Bytes data(out.begin() + 8, out.begin() + 8 + 0x40);
      if (data == pattern(0x40) && out[8 + 0x40] == std::byte{0x90}) ++good;
    }
  };
  int good0 = 0;
  int good1 = 0;
  std::thread t0(run, 0, std::ref(good0));
  std::thread t1(run, 1, std::ref(good1));
  t0.join();
  t1.join();
  EXPECT_EQ(good0, 20);
  EXPECT_EQ(good1, 20);
}

}  // namespace
}  // namespace readerkit::sim::testing
