// SPDX-License-Identifier: MIT
// The smclib:PATH.so[:OPTIONS] reader kind through the registry (what the CLI's --reader and
// the IFD handler's DEVICENAME use): load, AddDevice, requests, the driver's own dispatch
// routine, and the errors for a missing file, a missing entry and a failing AddDevice.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include "readerkit/bytes.hpp"
#include "readerkit/card.hpp"
#include "readerkit/drivers/registry.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

Bytes le32(std::uint32_t v) {
  return {std::byte(v & 0xFF), std::byte(v >> 8 & 0xFF), std::byte(v >> 16 & 0xFF),
          std::byte(v >> 24)};
}

std::string call(Device& device, std::uint32_t code, const Bytes& input, std::size_t output_size,
                 Status expected = Status::SUCCESS) {
  Bytes out(output_size);
  const IoResult r = device.control(code, input, out);
  EXPECT_EQ(r.status, expected) << ioctl_name(code);
  return to_hex(std::span(out).first(r.information));
}

TEST(SmclibLoader, LoadsTheDriverAndServesRequests) {
  auto opened = drivers::open_reader(std::string("smclib:") + SMCLIB_LOADER_DRIVER + ":present:x");
  ASSERT_TRUE(opened.reader) << opened.error;
  EXPECT_NE(opened.reader->description().find("Test Loader (smclib "), std::string::npos);
  Device& d = opened.reader->slot(0);
  EXPECT_EQ(call(d, IOCTL_SMARTCARD_POWER, le32(1), 33), "3B00");
  EXPECT_EQ(call(d, IOCTL_SMARTCARD_SET_PROTOCOL, le32(SCARD_PROTOCOL_T0), 4), "01000000");
  EXPECT_EQ(call(d, IOCTL_SMARTCARD_TRANSMIT,
                 transmit_request(SCARD_PROTOCOL_T0, *from_hex("00A4040000")), 64),
            "01000000080000009000");
  // OPTIONS reach AddDevice whole, ':' included.
  EXPECT_EQ(call(d, IOCTL_SMARTCARD_GET_ATTRIBUTE, le32(0x00010103), 32),
            to_hex(as_bytes_view("present:x")));
}

TEST(SmclibLoader, CardStateFromTheDriverAtStart) {
  auto opened = drivers::open_reader(std::string("smclib:") + SMCLIB_LOADER_DRIVER);
  ASSERT_TRUE(opened.reader) << opened.error;
  EXPECT_EQ(opened.reader->slot(0).state(), CardState::SCARD_ABSENT);
  call(opened.reader->slot(0), IOCTL_SMARTCARD_POWER, le32(1), 33, Status::NO_MEDIA);
}

TEST(SmclibLoader, TheDriversDispatchRoutineSeesEveryRequest) {
  auto opened =
      drivers::open_reader(std::string("smclib:") + SMCLIB_LOADER_DISPATCH_DRIVER + ":present");
  ASSERT_TRUE(opened.reader) << opened.error;
  void* handle = dlopen(SMCLIB_LOADER_DISPATCH_DRIVER, RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(handle, nullptr);
  auto* calls = static_cast<std::uint32_t*>(dlsym(handle, "ReaderKitTestDispatchCalls"));
  ASSERT_NE(calls, nullptr);
  Device& d = opened.reader->slot(0);
  EXPECT_EQ(call(d, IOCTL_SMARTCARD_POWER, le32(1), 33), "3B00");
  call(d, IOCTL_SMARTCARD_POWER, le32(7), 33, Status::INVALID_PARAMETER);
  EXPECT_EQ(*calls, 2u);
  dlclose(handle);
}

TEST(SmclibLoader, APendingIrpThroughTheDispatchRoutineCompletesTheHostsRequest) {
  auto opened = drivers::open_reader(std::string("smclib:") + SMCLIB_LOADER_DISPATCH_DRIVER);
  ASSERT_TRUE(opened.reader) << opened.error;
  Device& d = opened.reader->slot(0);
  std::vector<IoResult> done;
  Bytes out;
  EXPECT_EQ(
      d.control(IOCTL_SMARTCARD_IS_PRESENT, {}, out, [&](IoResult r) { done.push_back(r); }).status,
      Status::PENDING);
  EXPECT_TRUE(done.empty());
  EXPECT_TRUE(d.cancel_tracking());
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, Status::CANCELLED);
}

TEST(SmclibLoader, ClearErrors) {
  auto missing = drivers::open_reader("smclib:/nonexistent/driver.so");
  EXPECT_FALSE(missing.reader);
  EXPECT_NE(missing.error.find("smclib: cannot load /nonexistent/driver.so"), std::string::npos)
      << missing.error;
  auto no_entry = drivers::open_reader(std::string("smclib:") + SMCLIB_NOT_A_DRIVER);
  EXPECT_FALSE(no_entry.reader);
  EXPECT_NE(no_entry.error.find("does not export ReaderKitAddDevice"), std::string::npos)
      << no_entry.error;
  auto failing = drivers::open_reader(std::string("smclib:") + SMCLIB_LOADER_DRIVER + ":fail");
  EXPECT_FALSE(failing.reader);
  EXPECT_NE(failing.error.find("ReaderKitAddDevice of"), std::string::npos) << failing.error;
  EXPECT_NE(failing.error.find("0xC000009D"), std::string::npos) << failing.error;
  auto no_path = drivers::open_reader("smclib");
  EXPECT_EQ(no_path.error, "smclib: missing PATH (smclib:PATH.so[:OPTIONS])");
}

}  // namespace
}  // namespace readerkit
