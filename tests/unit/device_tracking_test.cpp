// SPDX-License-Identifier: MIT
// Card tracking (docs/contract/ioctl.md §4 IS_PRESENT / IS_ABSENT): immediate answers, one pending
// request, completion by events, cancellation and shutdown, exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "device_helpers.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

using test::Outcome;
using test::ScriptedDevice;
using test::Step;

/// Collects completions (thread-safe).
struct Completions {
  std::mutex mutex;
  std::vector<IoResult> results;
  Completion sink() {
    return [this](IoResult r) {
      std::lock_guard lock(mutex);
      results.push_back(r);
    };
  }
  std::vector<IoResult> get() {
    std::lock_guard lock(mutex);
    return results;
  }
};

TEST(DeviceTracking, ConditionAlreadyTrueAnswersAtOnce) {
  ScriptedDevice s;
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_ABSENT).status, Status::SUCCESS);
  s.device->card_inserted();
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT).status, Status::SUCCESS);
  EXPECT_EQ(s.driver.count(Rdf::RDF_CARD_TRACKING), 0u);
}

TEST(DeviceTracking, PendsThenCompletesOnInsertion) {
  Completions done;  // outlives the device: shutdown may complete into it
  ScriptedDevice s;
  const Outcome o = test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT, {}, 0, done.sink());
  EXPECT_EQ(o.status, Status::PENDING);
  EXPECT_EQ(o.information, 0u);
  const auto calls = s.driver.calls(Rdf::RDF_CARD_TRACKING);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].major, IOCTL_SMARTCARD_IS_PRESENT);
  EXPECT_TRUE(done.get().empty());
  s.device->card_inserted();
  ASSERT_EQ(done.get().size(), 1u);
  EXPECT_EQ(done.get()[0].status, Status::SUCCESS);
  s.device->card_removed();
  s.device->card_inserted();
  EXPECT_EQ(done.get().size(), 1u);  // exactly once
}

TEST(DeviceTracking, IsAbsentCompletesOnRemoval) {
  Completions done;  // outlives the device: shutdown may complete into it
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_ABSENT, {}, 0, done.sink()).status,
            Status::PENDING);
  s.device->card_inserted();  // already in: no event, nothing completes
  EXPECT_TRUE(done.get().empty());
  s.device->card_removed();
  ASSERT_EQ(done.get().size(), 1u);
  EXPECT_EQ(done.get()[0].status, Status::SUCCESS);
}

TEST(DeviceTracking, SecondTrackingRequestIsBusy) {
  Completions done;  // outlives the device: shutdown may complete into it
  ScriptedDevice s;
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT, {}, 0, done.sink()).status,
            Status::PENDING);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT).status, Status::DEVICE_BUSY);
  EXPECT_EQ(s.driver.count(Rdf::RDF_CARD_TRACKING), 1u);
  // ... but a condition that already holds is answered even now.
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_ABSENT).status, Status::SUCCESS);
  EXPECT_EQ(test::last_error(*s.device), ntstatus(Status::DEVICE_BUSY));
}

TEST(DeviceTracking, CancelCompletesWithCancelled) {
  Completions done;  // outlives the device: shutdown may complete into it
  ScriptedDevice s;
  test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT, {}, 0, done.sink());
  EXPECT_TRUE(s.device->cancel_tracking());
  ASSERT_EQ(done.get().size(), 1u);
  EXPECT_EQ(done.get()[0].status, Status::CANCELLED);
  EXPECT_EQ(done.get()[0].information, 0u);
  EXPECT_FALSE(s.device->cancel_tracking());
  EXPECT_EQ(s.device->last_error(), Status::CANCELLED);
  // The slot is free again.
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT, {}, 0, done.sink()).status,
            Status::PENDING);
}

TEST(DeviceTracking, ShutdownCancels) {
  Completions done;
  {
    ScriptedDevice s;
    test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT, {}, 0, done.sink());
  }  // destructor: shutdown
  ASSERT_EQ(done.get().size(), 1u);
  EXPECT_EQ(done.get()[0].status, Status::CANCELLED);
}

TEST(DeviceTracking, DriverAnsweringAtOnceEndsTheRequest) {
  Completions done;  // outlives the device: shutdown may complete into it
  ScriptedDevice s;
  s.driver.script(Rdf::RDF_CARD_TRACKING, Step{Status::NOT_SUPPORTED, {}, {}});
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT, {}, 0, done.sink()).status,
            Status::NOT_SUPPORTED);
  EXPECT_FALSE(s.device->cancel_tracking());
  EXPECT_TRUE(done.get().empty());
}

TEST(DeviceTracking, MissingCallbackIsNotSupported) {
  ScriptedDevice s({}, {}, {Rdf::RDF_CARD_TRACKING});
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_ABSENT).status, Status::SUCCESS);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_IS_PRESENT).status, Status::NOT_SUPPORTED);
}

TEST(DeviceTracking, RemovalDuringATransmitCompletesIsAbsent) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  std::atomic<int> completions{0};
  CardState seen_state = CardState::SCARD_UNKNOWN;
  Device& device = *s.device;
  // The completion runs on the callback's thread: it may query the device.
  EXPECT_EQ(test::ioctl(device, IOCTL_SMARTCARD_IS_ABSENT, {}, 0,
                        [&](IoResult r) {
                          EXPECT_EQ(r.status, Status::SUCCESS);
                          seen_state = device.state();
                          EXPECT_EQ(test::get_state(device), 1u);
                          ++completions;
                        })
                .status,
            Status::PENDING);
  s.driver.script(Rdf::RDF_TRANSMIT,
                  Step{Status::SUCCESS, {}, [](CallbackParams& p) { p.device->card_removed(); }});
  EXPECT_EQ(test::transmit(device, SCARD_PROTOCOL_T1, {0x00}).status, Status::NO_MEDIA);
  EXPECT_EQ(completions.load(), 1);
  EXPECT_EQ(seen_state, CardState::SCARD_ABSENT);
}

TEST(DeviceTracking, RemovalFromAnotherThreadDuringATransmit) {
  Completions done;  // outlives the device: shutdown may complete into it
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  test::ioctl(*s.device, IOCTL_SMARTCARD_IS_ABSENT, {}, 0, done.sink());
  std::atomic<bool> in_callback{false};
  std::atomic<bool> removed{false};
  s.driver.script(Rdf::RDF_TRANSMIT,
                  Step{Status::SUCCESS, {}, [&](CallbackParams& p) {
                         in_callback = true;
                         while (!removed) std::this_thread::yield();
                         const Bytes out = test::io_request(SCARD_PROTOCOL_T1, {0x90, 0});
                         std::copy(out.begin(), out.end(), p.reply.begin());
                         *p.bytes_returned = out.size();
                       }});
  std::thread remover([&] {
    while (!in_callback) std::this_thread::yield();
    s.device->card_removed();  // must not wait for the running callback
    removed = true;
  });
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status, Status::NO_MEDIA);
  remover.join();
  ASSERT_EQ(done.get().size(), 1u);
  EXPECT_EQ(done.get()[0].status, Status::SUCCESS);
}

TEST(DeviceTracking, CompletionMayIssueTheNextTrackingRequest) {
  Completions second;
  ScriptedDevice s;
  Device& device = *s.device;
  Status rearmed = Status::SUCCESS;
  test::ioctl(device, IOCTL_SMARTCARD_IS_PRESENT, {}, 0, [&](IoResult) {
    rearmed = test::ioctl(device, IOCTL_SMARTCARD_IS_ABSENT, {}, 0, second.sink()).status;
  });
  device.card_inserted();
  EXPECT_EQ(rearmed, Status::PENDING);
  device.card_removed();
  ASSERT_EQ(second.get().size(), 1u);
  EXPECT_EQ(second.get()[0].status, Status::SUCCESS);
}

TEST(DeviceTracking, RequestsFromInsideACallbackNeverDeadlock) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  Device& device = *s.device;
  Status rearmed = Status::SUCCESS;
  std::uint32_t state_seen = 0;
  test::ioctl(device, IOCTL_SMARTCARD_IS_ABSENT, {}, 0, [&](IoResult) {
    // Runs on the transmit callback's thread: a request that needs a callback is refused,
    // a query is answered.
    rearmed = test::ioctl(device, IOCTL_SMARTCARD_IS_PRESENT).status;
    state_seen = test::get_state(device);
  });
  s.driver.script(Rdf::RDF_TRANSMIT,
                  Step{Status::SUCCESS, {}, [](CallbackParams& p) { p.device->card_removed(); }});
  EXPECT_EQ(test::transmit(device, SCARD_PROTOCOL_T1, {0x00}).status, Status::NO_MEDIA);
  EXPECT_EQ(rearmed, Status::DEVICE_BUSY);
  EXPECT_EQ(state_seen, 1u);
  // Outside the callback the same request works.
  EXPECT_EQ(test::ioctl(device, IOCTL_SMARTCARD_IS_PRESENT).status, Status::PENDING);
}

}  // namespace
}  // namespace readerkit
