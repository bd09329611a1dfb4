// SPDX-License-Identifier: MIT
// The dispatcher's common rules (docs/contract/ioctl.md §2-§4): unknown codes, the check order,
// information 0 on errors, the library-answered queries, vendor codes, last error, logging.
#include <gtest/gtest.h>

#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "device_helpers.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

using test::Outcome;
using test::ScriptedDevice;
using test::Step;

TEST(DeviceDispatch, UnknownCodeIsInvalidDeviceRequest) {
  ScriptedDevice s;
  for (std::uint32_t code : {0u, 0x00310000u, SCARD_CTL_CODE(8), SCARD_CTL_CODE(13),
                             SCARD_CTL_CODE(2047), 0x42000001u, 0x00310005u}) {
    const Outcome o = test::ioctl(*s.device, code, {}, 64);
    EXPECT_EQ(o.status, Status::INVALID_DEVICE_REQUEST) << std::hex << code;
    EXPECT_EQ(o.information, 0u);
  }
  EXPECT_TRUE(s.driver.calls().empty());
}

TEST(DeviceDispatch, OptionalCallbackMissingIsNotSupportedEvenWithoutCard) {
  ScriptedDevice s({}, {},
                   {Rdf::RDF_CARD_EJECT, Rdf::RDF_READER_SWALLOW, Rdf::RDF_CARD_CONFISCATE,
                    Rdf::RDF_IOCTL_VENDOR});
  for (std::uint32_t code : {IOCTL_SMARTCARD_EJECT, IOCTL_SMARTCARD_SWALLOW,
                             IOCTL_SMARTCARD_CONFISCATE, SCARD_CTL_CODE(2048)}) {
    EXPECT_EQ(test::ioctl(*s.device, code).status, Status::NOT_SUPPORTED) << std::hex << code;
  }
}

TEST(DeviceDispatch, MechanicsWithoutCardIsNoMedia) {
  ScriptedDevice s;
  for (std::uint32_t code :
       {IOCTL_SMARTCARD_EJECT, IOCTL_SMARTCARD_SWALLOW, IOCTL_SMARTCARD_CONFISCATE}) {
    EXPECT_EQ(test::ioctl(*s.device, code).status, Status::NO_MEDIA) << std::hex << code;
  }
  EXPECT_TRUE(s.driver.calls().empty());
}

TEST(DeviceDispatch, EjectLeavesTheCardPresentAndUnpowered) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_EJECT).status, Status::SUCCESS);
  EXPECT_EQ(s.device->state(), CardState::SCARD_PRESENT);
  EXPECT_TRUE(s.device->card().atr.empty());
  EXPECT_EQ(s.driver.count(Rdf::RDF_CARD_EJECT), 1u);
}

TEST(DeviceDispatch, ConfiscateTakesTheCardAway) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_CONFISCATE).status, Status::SUCCESS);
  EXPECT_EQ(s.device->state(), CardState::SCARD_ABSENT);
}

TEST(DeviceDispatch, MechanicsFailureKeepsTheState) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  s.driver.script(Rdf::RDF_CARD_EJECT, Step{Status::IO_TIMEOUT, {}, {}});
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_EJECT).status, Status::IO_TIMEOUT);
  EXPECT_EQ(s.device->state(), CardState::SCARD_SPECIFIC);
}

TEST(DeviceDispatch, GetStateAnswersInEveryState) {
  ScriptedDevice s;
  EXPECT_EQ(test::get_state(*s.device), 1u);  // ABSENT
  s.device->card_inserted();
  EXPECT_EQ(test::get_state(*s.device), 3u);  // SWALLOWED
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  EXPECT_EQ(test::get_state(*s.device), 5u);  // NEGOTIABLE
  test::set_protocol(*s.device, SCARD_PROTOCOL_T1);
  EXPECT_EQ(test::get_state(*s.device), 6u);  // SPECIFIC
  const Outcome small = test::ioctl(*s.device, IOCTL_SMARTCARD_GET_STATE, {}, 3);
  EXPECT_EQ(small.status, Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(small.information, 0u);
}

TEST(DeviceDispatch, LastErrorFollowsFailuresOnly) {
  ScriptedDevice s;
  EXPECT_EQ(test::last_error(*s.device), 0u);             // none yet
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);  // NO_MEDIA
  EXPECT_EQ(test::last_error(*s.device), ntstatus(Status::NO_MEDIA));
  s.device->card_inserted();
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  EXPECT_EQ(test::last_error(*s.device), ntstatus(Status::NO_MEDIA));  // success keeps it
  test::ioctl(*s.device, 0x1234);
  EXPECT_EQ(s.device->last_error(), Status::INVALID_DEVICE_REQUEST);
}

TEST(DeviceDispatch, GetLastErrorNeverChangesIt) {
  ScriptedDevice s;
  test::ioctl(*s.device, 0x1234);
  const Outcome small = test::ioctl(*s.device, IOCTL_SMARTCARD_GET_LAST_ERROR, {}, 2);
  EXPECT_EQ(small.status, Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(small.information, 0u);
  EXPECT_EQ(test::last_error(*s.device), ntstatus(Status::INVALID_DEVICE_REQUEST));
}

TEST(DeviceDispatch, PerfCountersAreFourUlongs) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  ASSERT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00, 0xA4, 0x04, 0x00}).status,
            Status::SUCCESS);
  const Outcome o = test::ioctl(*s.device, IOCTL_SMARTCARD_GET_PERF_CNTR, {}, 16);
  ASSERT_EQ(o.status, Status::SUCCESS);
  ASSERT_EQ(o.information, 16u);
  EXPECT_EQ(load_le32(o.output), 1u);                        // transmissions
  EXPECT_EQ(load_le32(std::span(o.output).subspan(4)), 4u);  // bytes sent
  EXPECT_EQ(load_le32(std::span(o.output).subspan(8)), 2u);  // bytes received
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_GET_PERF_CNTR, {}, 15).status,
            Status::BUFFER_TOO_SMALL);
}

TEST(DeviceDispatch, VendorCodesReachTheVendorCallback) {
  ScriptedDevice s;
  const Bytes in{std::byte{1}, std::byte{2}, std::byte{3}};
  const Outcome o = test::ioctl(*s.device, SCARD_CTL_CODE(3400), in, 8);
  EXPECT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, in);  // the scripted driver echoes
  const auto calls = s.driver.calls(Rdf::RDF_IOCTL_VENDOR);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].major, SCARD_CTL_CODE(3400));
}

TEST(DeviceDispatch, VendorErrorHasNoInformation) {
  ScriptedDevice s;
  s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::DEVICE_PROTOCOL_ERROR, Bytes(4), {}});
  const Outcome o = test::ioctl(*s.device, SCARD_CTL_CODE(2048), {}, 8);
  EXPECT_EQ(o.status, Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_EQ(o.information, 0u);
}

TEST(DeviceDispatch, MoreProcessingRequiredNeverLeavesTheLibrary) {
  ScriptedDevice s;
  s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::MORE_PROCESSING_REQUIRED, {}, {}});
  EXPECT_EQ(test::ioctl(*s.device, SCARD_CTL_CODE(2048), {}, 8).status,
            Status::DEVICE_PROTOCOL_ERROR);
}

TEST(DeviceDispatch, EveryRequestIsTracedWithNameAndStatus) {
  ScriptedDevice s;
  std::vector<std::string> lines;
  s.device->set_log(Log(
      [&](LogLevel level, std::string_view m) {
        if (level == LogLevel::IOCTL) lines.emplace_back(m);
      },
      static_cast<std::uint32_t>(LogLevel::IOCTL)));
  test::get_state(*s.device);
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("IOCTL_SMARTCARD_GET_STATE"), std::string::npos);
  EXPECT_NE(lines[0].find("STATUS_SUCCESS"), std::string::npos);
  EXPECT_NE(lines[1].find("IOCTL_SMARTCARD_POWER"), std::string::npos);
  EXPECT_NE(lines[1].find("STATUS_NO_MEDIA"), std::string::npos);
}

// docs/device.md "Logging": ERROR is for faults only; a client asking for something the
// reader lacks, or for a card that is not there, is traced at IOCTL and nothing more.
TEST(DeviceDispatch, RoutineFailuresAreNoErrorsFaultsAre) {
  ScriptedDevice s;
  std::vector<std::string> errors;
  s.device->set_log(Log(
      [&](LogLevel level, std::string_view m) {
        if (level == LogLevel::ERROR) errors.emplace_back(m);
      },
      static_cast<std::uint32_t>(LogLevel::ERROR)));
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);  // no card: NO_MEDIA
  test::ioctl(*s.device, IOCTL_SMARTCARD_GET_ATTRIBUTE, le32_bytes(0x7FFF00FEu), 32);
  EXPECT_TRUE(errors.empty()) << errors.front();
  s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::IO_TIMEOUT, {}, {}});
  EXPECT_EQ(test::ioctl(*s.device, SCARD_CTL_CODE(2048), {}, 8).status, Status::IO_TIMEOUT);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("STATUS_IO_TIMEOUT"), std::string::npos);
}

TEST(DeviceDispatch, IoBuffersHaveAtLeast288Bytes) {
  test::ScriptedDriver driver;
  CallbackTable table = driver.table();
  std::size_t request_size = 0, reply_size = 0;
  table[Rdf::RDF_IOCTL_VENDOR] = [&](CallbackParams& p) {
    request_size = p.smartcard_request->buffer.size();
    reply_size = p.smartcard_reply->buffer.size();
    return Status::SUCCESS;
  };
  DeviceConfig small;
  small.io_buffer_size = 16;
  Device a(table, {}, small);
  test::ioctl(a, SCARD_CTL_CODE(2048));
  EXPECT_EQ(request_size, 288u);
  EXPECT_EQ(reply_size, 288u);
  DeviceConfig extended;
  extended.io_buffer_size = 65548;
  Device b(table, {}, extended);
  test::ioctl(b, SCARD_CTL_CODE(2048));
  EXPECT_EQ(request_size, 65548u);
}

TEST(DeviceDispatch, CallbacksSeeTheDriverExtensionAndDevice) {
  test::ScriptedDriver driver;
  CallbackTable table = driver.table();
  int extension = 7;
  void* seen_extension = nullptr;
  Device* seen_device = nullptr;
  table[Rdf::RDF_IOCTL_VENDOR] = [&](CallbackParams& p) {
    seen_extension = p.driver_extension;
    seen_device = p.device;
    return Status::SUCCESS;
  };
  DeviceConfig config;
  config.driver_extension = &extension;
  Device device(table, {}, config);
  test::ioctl(device, SCARD_CTL_CODE(2048));
  EXPECT_EQ(seen_extension, &extension);
  EXPECT_EQ(seen_device, &device);
}

TEST(DeviceDispatch, ACallbackThatThrowsEndsWithAStatus) {
  ScriptedDevice s;
  s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::SUCCESS, {}, [](CallbackParams&) {
                                                throw std::runtime_error("x");
                                              }});
  EXPECT_EQ(test::ioctl(*s.device, SCARD_CTL_CODE(2048), {}, 4).status,
            Status::DEVICE_PROTOCOL_ERROR);
  s.driver.script(Rdf::RDF_IOCTL_VENDOR,
                  Step{Status::SUCCESS, {}, [](CallbackParams&) { throw std::bad_alloc(); }});
  EXPECT_EQ(test::ioctl(*s.device, SCARD_CTL_CODE(2048), {}, 4).status,
            Status::INSUFFICIENT_RESOURCES);
  // The device is still usable and can shut down (the remove lock stayed balanced).
  EXPECT_EQ(test::get_state(*s.device), 1u);
  s.device->shutdown();
}

TEST(DeviceDispatch, SlotAndLevelNames) {
  EXPECT_EQ(rdf_name(Rdf::RDF_CARD_POWER), "RDF_CARD_POWER");
  EXPECT_EQ(rdf_name(Rdf::RDF_CARD_TRACKING), "RDF_CARD_TRACKING");
  EXPECT_EQ(rdf_name(Rdf::RDF_ATR_PARSE), "RDF_ATR_PARSE");
  EXPECT_TRUE(rdf_name(static_cast<Rdf>(12)).empty());
  EXPECT_EQ(log_level_name(LogLevel::IOCTL), "IOCTL");
  EXPECT_EQ(log_level_name(LogLevel::ERROR), "ERROR");
}

TEST(DeviceDispatch, DebugLevelCallbackIsNeverCalled) {
  test::ScriptedDriver driver;
  CallbackTable table = driver.table();
  int calls = 0;
  table[Rdf::RDF_DEBUG_LEVEL] = [&](CallbackParams&) {
    ++calls;
    return Status::SUCCESS;
  };
  Device device(table, {});
  test::bring_to_specific(device);
  for (std::uint32_t code = SCARD_CTL_CODE(0); code <= SCARD_CTL_CODE(20); code += 4)
    test::ioctl(device, code, test::ulong_buffer(0), 64);
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace readerkit
