// SPDX-License-Identifier: MIT
// IOCTL_SMARTCARD_SET_PROTOCOL rows of docs/contract/ioctl.md §4.
#include <gtest/gtest.h>

#include "device_helpers.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

using test::Outcome;
using test::ScriptedDevice;
using test::Step;

/// A device with a card reset to NEGOTIABLE.
struct Negotiable : ScriptedDevice {
  explicit Negotiable(ReaderCapabilities reader = {}, Bytes atr = test::atr_t0_t1())
      : ScriptedDevice(std::move(reader)) {
    driver.atr = std::move(atr);
    device->card_inserted();
    EXPECT_EQ(test::power(*device, PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  }
};

TEST(DeviceProtocol, T1IsChosenBeforeT0) {
  Negotiable s;
  const Outcome o = test::set_protocol(*s.device, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  EXPECT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, test::ulong_buffer(SCARD_PROTOCOL_T1));
  EXPECT_EQ(s.device->state(), CardState::SCARD_SPECIFIC);
  EXPECT_EQ(s.device->card().protocol_selected, SCARD_PROTOCOL_T1);
  const auto calls = s.driver.calls(Rdf::RDF_SET_PROTOCOL);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].minor, SCARD_PROTOCOL_T1);
  EXPECT_EQ(calls[0].major, IOCTL_SMARTCARD_SET_PROTOCOL);
}

TEST(DeviceProtocol, OnlyWhatCardAndReaderShare) {
  ReaderCapabilities t0_reader;
  t0_reader.protocol_types = SCARD_PROTOCOL_T0;
  Negotiable s(t0_reader);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1).output,
            test::ulong_buffer(SCARD_PROTOCOL_T0));

  Negotiable t0_card({}, test::atr_t0_only());
  EXPECT_EQ(test::set_protocol(*t0_card.device, SCARD_PROTOCOL_T1).status, Status::NOT_SUPPORTED);
  EXPECT_EQ(t0_card.driver.count(Rdf::RDF_SET_PROTOCOL), 0u);
  EXPECT_EQ(t0_card.device->state(), CardState::SCARD_NEGOTIABLE);
}

TEST(DeviceProtocol, RawNeedsOnlyTheReader) {
  Negotiable plain;
  EXPECT_EQ(test::set_protocol(*plain.device, SCARD_PROTOCOL_RAW).status, Status::NOT_SUPPORTED);
  ReaderCapabilities raw_reader;
  raw_reader.protocol_types |= SCARD_PROTOCOL_RAW;
  Negotiable s(raw_reader);
  const Outcome o = test::set_protocol(*s.device, SCARD_PROTOCOL_RAW);
  EXPECT_EQ(o.output, test::ulong_buffer(SCARD_PROTOCOL_RAW));
  EXPECT_TRUE(s.driver.calls(Rdf::RDF_SET_PROTOCOL).at(0).pps.empty());
}

TEST(DeviceProtocol, DefaultBitSkipsPpsAndIsPassedOn) {
  Negotiable s;
  const std::uint32_t mask = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_DEFAULT;
  EXPECT_EQ(test::set_protocol(*s.device, mask).status, Status::SUCCESS);
  const auto call = s.driver.calls(Rdf::RDF_SET_PROTOCOL).at(0);
  EXPECT_EQ(call.minor, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_DEFAULT);
  EXPECT_TRUE(call.pps.empty());
}

TEST(DeviceProtocol, PpsIsPreparedWithoutDefault) {
  // 3B 90 96 80 01 01 ... : TA1 = 0x96 (F 512, D 32), T=0 and T=1.
  const Bytes fast{std::byte{0x3B}, std::byte{0x90}, std::byte{0x96},
                   std::byte{0x80}, std::byte{0x01}, std::byte{0x87}};  // TCK
  ReaderCapabilities reader;
  reader.max_clk_khz = 5000;
  reader.max_data_rate = 1000000;
  Negotiable s(reader, fast);
  ASSERT_EQ(s.device->state(), CardState::SCARD_NEGOTIABLE);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status, Status::SUCCESS);
  const auto call = s.driver.calls(Rdf::RDF_SET_PROTOCOL).at(0);
  ASSERT_FALSE(call.pps.empty());
  EXPECT_EQ(call.pps.bytes[0], std::byte{0xFF});
}

TEST(DeviceProtocol, InputAndOutputChecksComeFirst) {
  ScriptedDevice s;  // no card: the argument checks still win
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_SET_PROTOCOL, Bytes(3), 4).status,
            Status::INVALID_PARAMETER);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_SET_PROTOCOL, Bytes(8), 4).status,
            Status::INVALID_PARAMETER);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1, 3).status, Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_DEFAULT).status,
            Status::INVALID_DEVICE_REQUEST);
  EXPECT_EQ(test::set_protocol(*s.device, 0x4).status, Status::INVALID_DEVICE_REQUEST);
  // The mask is input: checked before the output capacity.
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_DEFAULT, 0).status,
            Status::INVALID_DEVICE_REQUEST);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status, Status::NO_MEDIA);
}

TEST(DeviceProtocol, NeedsANegotiableCard) {
  ScriptedDevice s;
  s.device->card_inserted();
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status, Status::INVALID_DEVICE_STATE);
  s.driver.atr = test::atr_garbage();
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);  // POWERED
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status, Status::INVALID_DEVICE_STATE);
  EXPECT_EQ(s.driver.count(Rdf::RDF_SET_PROTOCOL), 0u);
}

TEST(DeviceProtocol, SpecificWithTheCurrentProtocolNeedsNoIo) {
  Negotiable s;
  ASSERT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status, Status::SUCCESS);
  const Outcome again = test::set_protocol(*s.device, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  EXPECT_EQ(again.status, Status::SUCCESS);
  EXPECT_EQ(again.output, test::ulong_buffer(SCARD_PROTOCOL_T1));
  EXPECT_EQ(s.driver.count(Rdf::RDF_SET_PROTOCOL), 1u);
}

TEST(DeviceProtocol, SpecificModeCardNeedsNoNegotiation) {
  Negotiable s({}, test::atr_specific_t1());
  ASSERT_EQ(s.device->state(), CardState::SCARD_SPECIFIC);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).output,
            test::ulong_buffer(SCARD_PROTOCOL_T1));
  EXPECT_EQ(s.driver.count(Rdf::RDF_SET_PROTOCOL), 0u);
}

TEST(DeviceProtocol, SpecificWithAnotherProtocolNeedsAReset) {
  Negotiable s;
  ASSERT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status, Status::SUCCESS);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T0).status, Status::INVALID_DEVICE_STATE);
  ASSERT_EQ(test::power(*s.device, PowerAction::SCARD_WARM_RESET).status, Status::SUCCESS);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T0).output,
            test::ulong_buffer(SCARD_PROTOCOL_T0));
}

TEST(DeviceProtocol, DriverFailureKeepsNegotiable) {
  Negotiable s;
  s.driver.script(Rdf::RDF_SET_PROTOCOL, Step{Status::DEVICE_PROTOCOL_ERROR, {}, {}});
  const Outcome o = test::set_protocol(*s.device, SCARD_PROTOCOL_T1);
  EXPECT_EQ(o.status, Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_EQ(o.information, 0u);
  EXPECT_EQ(s.device->state(), CardState::SCARD_NEGOTIABLE);
}

TEST(DeviceProtocol, PpsFallbackToDefaultsIsTheDriversCall) {
  Negotiable s;
  s.driver.script(Rdf::RDF_SET_PROTOCOL, Step{Status::SUCCESS, {}, [](CallbackParams& p) {
                                                p.card->f = 512;
                                                p.card->use_default_parameters();
                                              }});
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status, Status::SUCCESS);
  EXPECT_EQ(s.device->card().f, 372u);
  EXPECT_EQ(s.device->card().d, 1u);
}

TEST(DeviceProtocol, ProtocolStateIsResetButKeepsNadAndSuppress) {
  Negotiable s;
  ASSERT_EQ(test::set_attribute(*s.device, SCARD_ATTR_SUPRESS_T1_IFS_REQUEST, test::ulong_buffer(1))
                .status,
            Status::SUCCESS);
  ProtocolState seen;
  s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::SUCCESS, {}, [](CallbackParams& p) {
                                                p.protocol->nad = 0x21;
                                                p.protocol->t1.ns = 1;
                                                p.protocol->wtx_multiplier = 5;
                                              }});
  test::ioctl(*s.device, SCARD_CTL_CODE(2048));
  s.driver.script(Rdf::RDF_SET_PROTOCOL,
                  Step{Status::SUCCESS, {}, [&](CallbackParams& p) { seen = *p.protocol; }});
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status, Status::SUCCESS);
  EXPECT_EQ(seen.nad, 0x21);
  EXPECT_TRUE(seen.suppress_t1_ifs_request);
  EXPECT_EQ(seen.t1.ns, 0);
  EXPECT_EQ(seen.wtx_multiplier, 1u);
}

TEST(DeviceProtocol, MissingCallbackIsNotSupported) {
  ScriptedDevice s({}, {}, {Rdf::RDF_SET_PROTOCOL});
  s.device->card_inserted();
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  EXPECT_EQ(test::set_protocol(*s.device, SCARD_PROTOCOL_T1).status, Status::NOT_SUPPORTED);
}

}  // namespace
}  // namespace readerkit
