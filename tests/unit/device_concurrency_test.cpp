// SPDX-License-Identifier: MIT
// Concurrency (docs/contract/ioctl.md §1, §4): callbacks never overlap on one device, state
// queries never wait for a running callback, card events and cancellation may come from any thread.
// Built in the READERKIT_SANITIZE=thread configuration as well; it must stay TSan-clean.
#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "blocked_transmit.hpp"
#include "device_helpers.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

using test::ScriptedDevice;
using test::Step;

constexpr int kRounds = 200;

TEST(DeviceConcurrency, CallbacksNeverRunTwiceAtOnce) {
  ScriptedDevice s;
  // Widen the window in which an overlap would be seen.
  s.driver.during_callback = [] { std::this_thread::yield(); };
  test::bring_to_specific(*s.device);
  std::atomic<int> unexpected{0};
  auto worker = [&](int kind) {
    for (int i = 0; i < kRounds; ++i) {
      Status st = Status::SUCCESS;
      switch (kind) {
        case 0:
          st = test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00, 0xCA, 0x00, 0x00}).status;
          // A concurrent reset may leave the card NEGOTIABLE for a moment.
          if (st == Status::INVALID_DEVICE_STATE) st = Status::SUCCESS;
          break;
        case 1:
          st = test::power(*s.device, PowerAction::SCARD_WARM_RESET).status;
          if (st == Status::SUCCESS) st = test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status;
          break;
        case 2:
          st = test::ioctl(*s.device, SCARD_CTL_CODE(2048), Bytes(4), 4).status;
          break;
        default:
          st = test::get_attribute(*s.device, SCARD_ATTR_CURRENT_IFSC).status;
          if (test::get_state(*s.device) < 2) ++unexpected;  // the card never leaves
          break;
      }
      if (st != Status::SUCCESS) ++unexpected;
    }
  };
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) threads.emplace_back(worker, k);
  for (auto& t : threads) t.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(s.driver.max_concurrent(), 1);
  // Transmits may all meet a NEGOTIABLE card; the vendor requests always reach the driver.
  EXPECT_EQ(s.driver.count(Rdf::RDF_IOCTL_VENDOR), static_cast<std::size_t>(kRounds));
}

TEST(DeviceConcurrency, QueriesDoNotWaitForARunningCallback) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  test::BlockedTransmit transmit(s);
  // All of these would deadlock (and the test time out) if they waited for the callback.
  EXPECT_EQ(test::get_state(*s.device), 6u);
  EXPECT_EQ(test::last_error(*s.device), 0u);
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_ICC_PRESENCE).status, Status::SUCCESS);
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_ATR_STRING).status, Status::SUCCESS);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT).status, Status::SUCCESS);
  EXPECT_EQ(s.device->state(), CardState::SCARD_SPECIFIC);
  EXPECT_FALSE(s.device->card().atr.empty());
  EXPECT_EQ(transmit.result(), Status::SUCCESS);
}

TEST(DeviceConcurrency, EventsFromAnotherThreadDuringTraffic) {
  std::atomic<int> completions{0};
  std::atomic<int> pended{0};
  {
    ScriptedDevice s;
    test::bring_to_specific(*s.device);
    std::atomic<bool> stop{false};
    std::thread events([&] {
      for (int i = 0; i < kRounds; ++i) {
        s.device->card_removed();
        s.device->card_inserted();
        s.device->cancel_tracking();
      }
      stop = true;
    });
    std::thread tracker([&] {
      while (!stop) {
        const auto code = (pended % 2) ? IOCTL_SMARTCARD_IS_ABSENT : IOCTL_SMARTCARD_IS_PRESENT;
        const Status st =
            test::ioctl(*s.device, code, {}, 0, [&](IoResult) { ++completions; }).status;
        if (st == Status::PENDING) ++pended;
      }
    });
    while (!stop) {
      // Any of these outcomes is legal while the card comes and goes; none may crash or hang.
      test::power(*s.device, PowerAction::SCARD_COLD_RESET);
      test::set_protocol(*s.device, SCARD_PROTOCOL_T1);
      test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00, 0xB0, 0x00, 0x00});
    }
    events.join();
    tracker.join();
    EXPECT_EQ(s.driver.max_concurrent(), 1);
  }                                              // shutdown cancels whatever still pends
  EXPECT_EQ(completions.load(), pended.load());  // every pending request completed once
}

TEST(DeviceConcurrency, ShutdownWhileRequestsRun) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  std::atomic<bool> go{true};
  std::vector<std::thread> clients;
  std::atomic<int> after_shutdown_ok{0};
  std::atomic<bool> shut{false};
  for (int k = 0; k < 3; ++k) {
    clients.emplace_back([&] {
      while (go) {
        const bool was_shut = shut;  // admitted requests may finish after shutdown began
        const Status st = test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status;
        if (was_shut && st != Status::DELETE_PENDING) ++after_shutdown_ok;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  s.device->shutdown();
  shut = true;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  go = false;
  for (auto& t : clients) t.join();
  EXPECT_EQ(after_shutdown_ok.load(), 0);  // nothing is admitted once shutdown returned
}

}  // namespace
}  // namespace readerkit
