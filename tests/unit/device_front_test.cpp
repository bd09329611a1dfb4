// SPDX-License-Identifier: MIT
// Device::dispatch() behind a driver's own device-control routine (DeviceConfig::
// device_control, smclib's dispatch routine calling SmartcardDeviceControl) and the remove lock
// a driver holds for its own work (SmartcardAcquireRemoveLock).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "readerkit/device.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

TEST(DeviceFront, ControlGoesThroughTheDriversRoutineDispatchDoesNot) {
  int calls = 0;
  Device* self = nullptr;
  DeviceConfig config;
  config.device_control = [&](std::uint32_t code, std::span<const std::byte> in,
                              std::span<std::byte> out, Completion done) {
    ++calls;
    return self->dispatch(code, in, out, std::move(done));
  };
  Device device(CallbackTable{}, ReaderCapabilities{}, std::move(config));
  self = &device;
  Bytes out(4);
  EXPECT_EQ(device.control(IOCTL_SMARTCARD_GET_STATE, {}, out).status, Status::SUCCESS);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(device.dispatch(IOCTL_SMARTCARD_GET_STATE, {}, out).information, 4u);
  EXPECT_EQ(calls, 1);
}

TEST(DeviceFront, ShutdownWaitsForTheDriversRemoveLock) {
  Device device(CallbackTable{}, ReaderCapabilities{});
  ASSERT_EQ(device.acquire_remove_lock(), Status::SUCCESS);
  std::atomic<bool> done{false};
  std::thread remover([&] {
    device.shutdown();
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(done);
  device.release_remove_lock();
  remover.join();
  EXPECT_TRUE(done);
  EXPECT_EQ(device.acquire_remove_lock(), Status::DELETE_PENDING);
  device.release_remove_lock();  // unbalanced: ignored
}

}  // namespace
}  // namespace readerkit
