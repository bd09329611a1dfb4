// SPDX-License-Identifier: MIT
// The card's life through the device (insert → power → protocol → transmit → down → remove),
// the remove lock, and the busy rule for a callback that wrongly pends
// (docs/contract/ioctl.md §3).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "blocked_transmit.hpp"
#include "device_helpers.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

using test::Outcome;
using test::ScriptedDevice;
using test::Step;

TEST(DeviceLifecycle, WholeCardSession) {
  ScriptedDevice s;
  EXPECT_EQ(test::get_state(*s.device), 1u);
  s.device->card_inserted();
  EXPECT_EQ(test::get_state(*s.device), 3u);
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  EXPECT_EQ(test::get_state(*s.device), 5u);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1).status,
            Status::SUCCESS);
  EXPECT_EQ(test::get_state(*s.device), 6u);
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00, 0xA4, 0x04, 0x00}).status,
            Status::SUCCESS);
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_POWER_DOWN).status, Status::SUCCESS);
  EXPECT_EQ(test::get_state(*s.device), 3u);
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status,
            Status::INVALID_DEVICE_STATE);
  s.device->card_removed();
  EXPECT_EQ(test::get_state(*s.device), 1u);
  EXPECT_EQ(s.device->card().atr.size(), 0u);
  EXPECT_EQ(s.driver.max_concurrent(), 1);
}

TEST(DeviceLifecycle, RemovalResetsTheCardCapabilities) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  EXPECT_FALSE(s.device->card().atr.empty());
  s.device->card_removed();
  const CardCapabilities card = s.device->card();
  EXPECT_TRUE(card.atr.empty());
  EXPECT_FALSE(card.atr_info.has_value());
  EXPECT_EQ(card.protocol_selected, SCARD_PROTOCOL_UNDEFINED);
  EXPECT_EQ(test::get_attribute(*s.device, 0x00090303).status, Status::NO_MEDIA);
}

TEST(DeviceLifecycle, ShutdownRefusesNewRequests) {
  ScriptedDevice s;
  s.device->shutdown();
  for (std::uint32_t code : {IOCTL_SMARTCARD_GET_STATE, IOCTL_SMARTCARD_POWER, 0x1234u}) {
    const Outcome o = test::ioctl(*s.device, code, test::ulong_buffer(1), 64);
    EXPECT_EQ(o.status, Status::DELETE_PENDING);
    EXPECT_EQ(o.information, 0u);
  }
  s.device->shutdown();  // idempotent
  EXPECT_EQ(s.device->last_error(), Status::DELETE_PENDING);
}

TEST(DeviceLifecycle, ShutdownWaitsForTheRunningRequest) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  test::BlockedTransmit transmit(s);
  std::atomic<bool> shut{false};
  std::thread closer([&] {
    s.device->shutdown();
    shut = true;
  });
  // While the callback runs, shutdown must not return; new requests are already refused.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(shut.load());
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_GET_STATE, {}, 4).status,
            Status::DELETE_PENDING);
  transmit.release();
  closer.join();
  EXPECT_TRUE(shut.load());
  EXPECT_EQ(transmit.result(), Status::SUCCESS);
}

TEST(DeviceLifecycle, ShutdownFromInsideACallbackDoesNotDeadlock) {
  ScriptedDevice s;
  s.driver.script(Rdf::RDF_IOCTL_VENDOR,
                  Step{Status::SUCCESS, {}, [](CallbackParams& p) { p.device->shutdown(); }});
  EXPECT_EQ(test::ioctl(*s.device, SCARD_CTL_CODE(2048)).status, Status::SUCCESS);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_GET_STATE, {}, 4).status,
            Status::DELETE_PENDING);
}

TEST(DeviceLifecycle, PendingFromAnOrdinaryCallbackMakesEverythingBusy) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  s.driver.script(Rdf::RDF_TRANSMIT, Step{Status::PENDING, {}, {}});
  std::vector<IoResult> done;
  const Outcome o =
      test::ioctl(*s.device, IOCTL_SMARTCARD_TRANSMIT, test::io_request(SCARD_PROTOCOL_T1, {0x00}),
                  64, [&](IoResult r) { done.push_back(r); });
  EXPECT_EQ(o.status, Status::PENDING);
  for (std::uint32_t code : {IOCTL_SMARTCARD_GET_STATE, IOCTL_SMARTCARD_GET_LAST_ERROR,
                             IOCTL_SMARTCARD_IS_PRESENT, IOCTL_SMARTCARD_POWER}) {
    EXPECT_EQ(test::ioctl(*s.device, code, test::ulong_buffer(0), 64).status, Status::DEVICE_BUSY);
  }
  EXPECT_TRUE(done.empty());
  s.device->complete_driver_request(Status::IO_TIMEOUT);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, Status::IO_TIMEOUT);
  EXPECT_EQ(test::last_error(*s.device), ntstatus(Status::IO_TIMEOUT));
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status, Status::SUCCESS);
  s.device->complete_driver_request(Status::SUCCESS);  // nothing pending: ignored
  EXPECT_EQ(done.size(), 1u);
}

TEST(DeviceLifecycle, ShutdownCancelsADriverPendingRequest) {
  std::vector<IoResult> done;
  {
    ScriptedDevice s;
    s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::PENDING, {}, {}});
    EXPECT_EQ(
        test::ioctl(*s.device, SCARD_CTL_CODE(2048), {}, 0, [&](IoResult r) { done.push_back(r); })
            .status,
        Status::PENDING);
  }
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, Status::CANCELLED);
}

TEST(DeviceLifecycle, LogReportsCardEventsAndAtr) {
  ScriptedDevice s;
  std::vector<std::string> lines;
  s.device->set_log(Log([&](LogLevel, std::string_view m) { lines.emplace_back(m); }, 0xFF));
  s.device->card_inserted();
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  bool atr_logged = false;
  for (const auto& l : lines) atr_logged |= l.find("3B80800101") != std::string::npos;
  EXPECT_TRUE(atr_logged);
  EXPECT_EQ(lines.front(), "card inserted");
}

}  // namespace
}  // namespace readerkit
