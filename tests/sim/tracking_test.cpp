// SPDX-License-Identifier: MIT
// Card insertion and removal drive the library's card tracking, as an interrupt would.
#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

TEST(SimTracking, InsertedCardIsSwallowedAndAbsentWithCardAbsent) {
  SimHost present;
  EXPECT_EQ(present.state(), CardState::SCARD_SWALLOWED);
  SimHost absent({"card=absent"});
  EXPECT_EQ(absent.state(), CardState::SCARD_ABSENT);
  EXPECT_EQ(absent.power(PowerAction::SCARD_COLD_RESET), Status::NO_MEDIA);
}

TEST(SimTracking, ReaderCapabilitiesAreTheSimulatedReaders) {
  SimHost host;
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_PROTOCOL_TYPES), SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_DEFAULT_CLK), 3580u);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_MAX_CLK), 3580u);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_DEFAULT_DATA_RATE), 9600u);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_MAX_DATA_RATE), 344086u);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_MAX_IFSD), 254u);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_CHARACTERISTICS), 0u);
  Bytes out;
  host.ioctl(IOCTL_SMARTCARD_GET_ATTRIBUTE, le32_bytes(SCARD_ATTR_VENDOR_IFD_TYPE), out, 64);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(out.data()), out.size()), "Simulated Reader");
}

/// Starts a tracking request and returns a future of its completion status.
std::future<Status> track(SimHost& host, std::uint32_t code, Status& immediate) {
  auto done = std::make_shared<std::promise<Status>>();
  auto future = done->get_future();
  IoResult r =
      host.device().control(code, {}, {}, [done](IoResult res) { done->set_value(res.status); });
  immediate = r.status;
  if (r.status != Status::PENDING) done->set_value(r.status);
  return future;
}

TEST(SimTracking, InsertRemoveCyclesCompletePendingRequests) {
  SimHost host({"card=absent"});
  for (int cycle = 0; cycle < 5; ++cycle) {
    Status first = Status::SUCCESS;
    auto present = track(host, IOCTL_SMARTCARD_IS_PRESENT, first);
    ASSERT_EQ(first, Status::PENDING);
    ASSERT_TRUE(host.command(cycle % 2 ? "card insert t1" : "card insert").ok);
    ASSERT_EQ(present.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(present.get(), Status::SUCCESS);
    EXPECT_EQ(host.state(), CardState::SCARD_SWALLOWED);
    host.start(SCARD_PROTOCOL_T1);
    EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);

    auto absent = track(host, IOCTL_SMARTCARD_IS_ABSENT, first);
    ASSERT_EQ(first, Status::PENDING);
    ASSERT_TRUE(host.command("card remove").ok);
    ASSERT_EQ(absent.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(absent.get(), Status::SUCCESS);
    EXPECT_EQ(host.state(), CardState::SCARD_ABSENT);
  }
}

TEST(SimTracking, CommandsRefuseWhatCannotBeDone) {
  SimHost host;
  EXPECT_FALSE(host.command("card insert").ok);  // already inserted
  EXPECT_TRUE(host.command("card remove").ok);
  EXPECT_FALSE(host.command("card remove").ok);
  EXPECT_FALSE(host.command("card insert no-such-profile").ok);
  EXPECT_FALSE(host.command("card wiggle").ok);
  EXPECT_FALSE(host.command("fault nonsense").ok);
  EXPECT_FALSE(host.command("fault edc every=0").ok);
  EXPECT_FALSE(host.command("fault edc every=2 dir=sideways").ok);
  EXPECT_FALSE(host.command("fault slow").ok);
  EXPECT_FALSE(host.command("hello").ok);
  EXPECT_TRUE(host.command("fault wtx count=3").ok);
  EXPECT_TRUE(host.command("fault clear").ok);
}

TEST(SimTracking, OpenRefusesUnknownKeysAndBadProfiles) {
  std::string error;
  EXPECT_EQ(open_sim_reader({"colour=blue"}, {}, error), nullptr);
  EXPECT_NE(error.find("colour"), std::string::npos);
  EXPECT_EQ(open_sim_reader({"profile=nope"}, {}, error), nullptr);
  EXPECT_EQ(open_sim_reader({"card=maybe"}, {}, error), nullptr);
  EXPECT_EQ(open_sim_reader({"profile=/nonexistent/x.json"}, {}, error), nullptr);
}

TEST(SimTracking, RemovalDuringLongWorkEndsTheTransmitWithNoMedia) {
  SimHost host({"profile=t0"});
  host.start(SCARD_PROTOCOL_T0);
  auto tx = std::async(std::launch::async, [&] { return host.transmit(hex("803800FF00")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE(host.command("card remove").ok);
  ASSERT_EQ(tx.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(tx.get().status, Status::NO_MEDIA);
  EXPECT_EQ(host.state(), CardState::SCARD_ABSENT);
}

// Control commands from another thread (the control socket's) while exchanges run.
TEST(SimTracking, FaultCommandsFromAnotherThreadDuringExchanges) {
  SimHost host({"profile=t1"});
  host.start(SCARD_PROTOCOL_T1);
  std::atomic<bool> stop{false};
  std::thread control([&] {
    while (!stop) {
      EXPECT_TRUE(host.command("fault wtx count=1").ok);
      EXPECT_TRUE(host.command("fault clear").ok);
    }
  });
  for (int i = 0; i < 200; ++i) ASSERT_EQ(host.transmit(hex("8034000404")).sw, 0x9000) << i;
  stop = true;
  control.join();
}

}  // namespace
}  // namespace readerkit::sim::testing
