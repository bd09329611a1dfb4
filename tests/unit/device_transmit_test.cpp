// SPDX-License-Identifier: MIT
// IOCTL_SMARTCARD_TRANSMIT rows of docs/contract/ioctl.md §4, aliasing, counters and removal.
#include <gtest/gtest.h>

#include <algorithm>

#include "device_helpers.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

using test::Outcome;
using test::ScriptedDevice;
using test::Step;

struct Specific : ScriptedDevice {
  Specific() { test::bring_to_specific(*device); }
};

TEST(DeviceTransmit, AnswersHeaderThenResponse) {
  Specific s;
  const Outcome o = test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00, 0xB0, 0x00, 0x00, 0x02});
  ASSERT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, test::io_request(SCARD_PROTOCOL_T1, {0x90, 0x00}));
  const auto call = s.driver.calls(Rdf::RDF_TRANSMIT).at(0);
  EXPECT_EQ(call.major, IOCTL_SMARTCARD_TRANSMIT);
  EXPECT_EQ(call.request, test::io_request(SCARD_PROTOCOL_T1, {0x00, 0xB0, 0x00, 0x00, 0x02}));
}

TEST(DeviceTransmit, HeaderIsCheckedFirst) {
  ScriptedDevice s;  // no card: input errors still come first
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_TRANSMIT, Bytes(7), 64).status,
            Status::INVALID_PARAMETER);
  Bytes short_pci = test::io_request(SCARD_PROTOCOL_T1, {0x00});
  store_le32(std::span(short_pci).subspan(4), 7);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_TRANSMIT, short_pci, 64).status,
            Status::INVALID_PARAMETER);
  Bytes long_pci = test::io_request(SCARD_PROTOCOL_T1, {0x00});
  store_le32(std::span(long_pci).subspan(4), 10);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_TRANSMIT, long_pci, 64).status,
            Status::INVALID_PARAMETER);
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}, 7).status,
            Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status, Status::NO_MEDIA);
}

TEST(DeviceTransmit, LongerPciIsAccepted) {
  Specific s;
  Bytes in = test::io_request(SCARD_PROTOCOL_T1, {0xAA, 0xBB, 0x00, 0xCA});
  store_le32(std::span(in).subspan(4), 10);  // two bytes of protocol information
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_TRANSMIT, in, 64).status, Status::SUCCESS);
  EXPECT_EQ(s.device->perf_counters().bytes_sent, 2u);
}

TEST(DeviceTransmit, NeedsSpecificStateAndTheSelectedProtocol) {
  ScriptedDevice s;
  s.device->card_inserted();
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status,
            Status::INVALID_DEVICE_STATE);
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status,
            Status::INVALID_DEVICE_STATE);
  test::set_protocol(*s.device, SCARD_PROTOCOL_T1);
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T0, {0x00}).status,
            Status::INVALID_DEVICE_STATE);
  EXPECT_EQ(s.driver.count(Rdf::RDF_TRANSMIT), 0u);
}

TEST(DeviceTransmit, ResponseLargerThanOutputIsBufferTooSmall) {
  Specific s;
  s.driver.response = Bytes(20, std::byte{0x41});
  const Outcome o = test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}, 27);
  EXPECT_EQ(o.status, Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(o.information, 0u);
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}, 28).information, 28u);
}

TEST(DeviceTransmit, DriverStatusesPassThrough) {
  Specific s;
  for (Status st : {Status::DEVICE_PROTOCOL_ERROR, Status::IO_TIMEOUT}) {
    s.driver.script(Rdf::RDF_TRANSMIT, Step{st, {}, {}});
    const Outcome o = test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00});
    EXPECT_EQ(o.status, st);
    EXPECT_EQ(o.information, 0u);
  }
  EXPECT_EQ(s.device->state(), CardState::SCARD_SPECIFIC);
}

TEST(DeviceTransmit, AReplyWithoutHeaderIsAProtocolError) {
  Specific s;
  s.driver.script(Rdf::RDF_TRANSMIT, Step{Status::SUCCESS, {std::byte{0x90}, std::byte{0}}, {}});
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status,
            Status::DEVICE_PROTOCOL_ERROR);
}

TEST(DeviceTransmit, InputAndOutputMayBeTheSameMemory) {
  Specific s;
  Bytes seen;
  s.driver.script(Rdf::RDF_TRANSMIT,
                  Step{Status::SUCCESS, {}, [&](CallbackParams& p) {
                         // Write first, read after: must still see the input.
                         std::fill(p.reply.begin(), p.reply.end(), std::byte{0xEE});
                         seen.assign(p.request.begin(), p.request.end());
                         const Bytes out = test::io_request(SCARD_PROTOCOL_T1, {0x61, 0x10});
                         std::copy(out.begin(), out.end(), p.reply.begin());
                         *p.bytes_returned = out.size();
                       }});
  Bytes buffer = test::io_request(SCARD_PROTOCOL_T1, {0x00, 0x84, 0x00, 0x00, 0x08});
  buffer.resize(64);
  const IoResult r =
      s.device->control(IOCTL_SMARTCARD_TRANSMIT, std::span(buffer).first(13), buffer);
  EXPECT_EQ(r.status, Status::SUCCESS);
  EXPECT_EQ(r.information, 10u);
  EXPECT_EQ(seen, test::io_request(SCARD_PROTOCOL_T1, {0x00, 0x84, 0x00, 0x00, 0x08}));
  EXPECT_EQ(buffer[8], std::byte{0x61});
}

TEST(DeviceTransmit, CountersAddUp) {
  Specific s;
  for (int i = 0; i < 3; ++i) test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00, 0xCA, 0x01});
  const PerfCounters p = s.device->perf_counters();
  EXPECT_EQ(p.transmissions, 3u);
  EXPECT_EQ(p.bytes_sent, 9u);
  EXPECT_EQ(p.bytes_received, 6u);
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_PERF_NUM_TRANSMISSIONS).output,
            test::ulong_buffer(3));
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_PERF_BYTES_TRANSMITTED).output,
            test::ulong_buffer(9));
}

TEST(DeviceTransmit, RemovalInsideTheCallbackIsNoMedia) {
  Specific s;
  s.driver.script(Rdf::RDF_TRANSMIT, Step{Status::SUCCESS, {}, [](CallbackParams& p) {
                                            p.device->card_removed();
                                            // The driver keeps writing its (now stale) copy.
                                            p.card->ifsc = 99;
                                          }});
  const Outcome o = test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00});
  EXPECT_EQ(o.status, Status::NO_MEDIA);
  EXPECT_EQ(o.information, 0u);
  EXPECT_EQ(s.device->state(), CardState::SCARD_ABSENT);
  EXPECT_EQ(s.device->card().ifsc, CardCapabilities{}.ifsc);
  EXPECT_EQ(s.device->card().protocol_selected, SCARD_PROTOCOL_UNDEFINED);
  // A new card starts from scratch.
  s.device->card_inserted();
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status,
            Status::INVALID_DEVICE_STATE);
  test::bring_to_specific(*s.device);
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status, Status::SUCCESS);
}

TEST(DeviceTransmit, MissingCallbackIsNotSupported) {
  ScriptedDevice s({}, {}, {Rdf::RDF_TRANSMIT});
  test::bring_to_specific(*s.device);
  EXPECT_EQ(test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00}).status, Status::NOT_SUPPORTED);
}

}  // namespace
}  // namespace readerkit
