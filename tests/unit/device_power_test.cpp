// SPDX-License-Identifier: MIT
// IOCTL_SMARTCARD_POWER rows of docs/contract/ioctl.md §4 and the card state machine around them.
#include <gtest/gtest.h>

#include "device_helpers.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

using test::Outcome;
using test::ScriptedDevice;
using test::Step;

TEST(DevicePower, ColdResetAnswersTheAtrAndGoesNegotiable) {
  ScriptedDevice s;
  s.device->card_inserted();
  EXPECT_EQ(s.device->state(), CardState::SCARD_SWALLOWED);
  const Outcome o = test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  EXPECT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.information, 5u);
  EXPECT_EQ(o.output, test::atr_t0_t1());
  EXPECT_EQ(s.device->state(), CardState::SCARD_NEGOTIABLE);
  const auto calls = s.driver.calls(Rdf::RDF_CARD_POWER);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].major, IOCTL_SMARTCARD_POWER);
  EXPECT_EQ(calls[0].minor, 1u);
  EXPECT_EQ(s.device->card().protocol_types, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
}

TEST(DevicePower, WarmResetPassesItsAction) {
  ScriptedDevice s;
  s.device->card_inserted();
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_WARM_RESET).status, Status::SUCCESS);
  EXPECT_EQ(s.driver.calls(Rdf::RDF_CARD_POWER).at(0).minor, 2u);
}

TEST(DevicePower, Ta2MeansSpecificState) {
  ScriptedDevice s;
  s.driver.atr = test::atr_specific_t1();
  s.device->card_inserted();
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  EXPECT_EQ(s.device->state(), CardState::SCARD_SPECIFIC);
  EXPECT_EQ(s.device->card().protocol_selected, SCARD_PROTOCOL_T1);
}

TEST(DevicePower, PowerDownGoesSwallowedAndForgetsTheAtr) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  const Outcome o = test::power(*s.device, PowerAction::SCARD_POWER_DOWN, 0);
  EXPECT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.information, 0u);
  EXPECT_EQ(s.device->state(), CardState::SCARD_SWALLOWED);
  EXPECT_TRUE(s.device->card().atr.empty());
  EXPECT_EQ(s.driver.calls(Rdf::RDF_CARD_POWER).back().minor, 0u);
}

TEST(DevicePower, InputMustBeOneKnownAction) {
  ScriptedDevice s;
  s.device->card_inserted();
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_POWER, {}, 33).status,
            Status::INVALID_PARAMETER);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_POWER, Bytes(5), 33).status,
            Status::INVALID_PARAMETER);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_POWER, test::ulong_buffer(3), 33).status,
            Status::INVALID_PARAMETER);
  EXPECT_EQ(s.driver.count(Rdf::RDF_CARD_POWER), 0u);
}

TEST(DevicePower, UnknownActionIsAnInputErrorEvenWithoutCard) {
  ScriptedDevice s;
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_POWER, test::ulong_buffer(7), 0).status,
            Status::INVALID_PARAMETER);
}

TEST(DevicePower, ResetNeeds33BytesBeforeAnyIo) {
  ScriptedDevice s;
  s.device->card_inserted();
  const Outcome o = test::power(*s.device, PowerAction::SCARD_COLD_RESET, 32);
  EXPECT_EQ(o.status, Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(o.information, 0u);
  EXPECT_EQ(s.driver.count(Rdf::RDF_CARD_POWER), 0u);
  EXPECT_EQ(s.device->state(), CardState::SCARD_SWALLOWED);
}

TEST(DevicePower, SmallOutputIsCheckedBeforeTheCard) {
  ScriptedDevice s;  // no card
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_WARM_RESET, 4).status,
            Status::BUFFER_TOO_SMALL);
}

TEST(DevicePower, NoCardIsNoMedia) {
  ScriptedDevice s;
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_COLD_RESET).status, Status::NO_MEDIA);
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_POWER_DOWN).status, Status::NO_MEDIA);
  EXPECT_EQ(s.driver.count(Rdf::RDF_CARD_POWER), 0u);
}

TEST(DevicePower, GarbageAtrIsUnrecognizedMediaAndStaysPowered) {
  ScriptedDevice s;
  s.driver.atr = test::atr_garbage();
  s.device->card_inserted();
  const Outcome o = test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  EXPECT_EQ(o.status, Status::UNRECOGNIZED_MEDIA);
  EXPECT_EQ(o.information, 0u);
  EXPECT_EQ(s.device->state(), CardState::SCARD_POWERED);
  EXPECT_EQ(test::last_error(*s.device), ntstatus(Status::UNRECOGNIZED_MEDIA));
}

TEST(DevicePower, AtrParseCallbackRescuesAnUnknownAtr) {
  test::ScriptedDriver driver;
  driver.atr = test::atr_garbage();
  CallbackTable table = driver.table();
  int parses = 0;
  table[Rdf::RDF_ATR_PARSE] = [&](CallbackParams& p) {
    ++parses;
    EXPECT_EQ(p.card->atr, test::atr_garbage());
    p.card->protocol_types = SCARD_PROTOCOL_T0;
    return Status::SUCCESS;
  };
  Device device(table, {});
  device.card_inserted();
  const Outcome o = test::power(device, PowerAction::SCARD_COLD_RESET);
  EXPECT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, test::atr_garbage());
  EXPECT_EQ(parses, 1);
  EXPECT_EQ(device.state(), CardState::SCARD_NEGOTIABLE);
  EXPECT_EQ(test::set_protocol(device, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1).output,
            test::ulong_buffer(SCARD_PROTOCOL_T0));
}

TEST(DevicePower, AtrParseCallbackRefusingIsUnrecognizedMedia) {
  test::ScriptedDriver driver;
  driver.atr = test::atr_garbage();
  CallbackTable table = driver.table();
  table[Rdf::RDF_ATR_PARSE] = [](CallbackParams&) { return Status::NOT_SUPPORTED; };
  Device device(table, {});
  device.card_inserted();
  EXPECT_EQ(test::power(device, PowerAction::SCARD_COLD_RESET).status, Status::UNRECOGNIZED_MEDIA);
  EXPECT_EQ(device.state(), CardState::SCARD_POWERED);
}

TEST(DevicePower, LenientOptionAcceptsAWrongTck) {
  // 3B 80 80 01 with TCK 00 instead of 01.
  const Bytes bad_tck{std::byte{0x3B}, std::byte{0x80}, std::byte{0x80}, std::byte{0x01},
                      std::byte{0x00}};
  ScriptedDevice strict;
  strict.driver.atr = bad_tck;
  strict.device->card_inserted();
  EXPECT_EQ(test::power(*strict.device, PowerAction::SCARD_COLD_RESET).status,
            Status::UNRECOGNIZED_MEDIA);
  DeviceConfig config;
  config.lenient_atr = true;
  ScriptedDevice lenient({}, std::move(config));
  lenient.driver.atr = bad_tck;
  lenient.device->card_inserted();
  EXPECT_EQ(test::power(*lenient.device, PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
}

TEST(DevicePower, DriverFailureEndsWithItsStatusAndUnpoweredCard) {
  ScriptedDevice s;
  s.device->card_inserted();
  s.driver.script(Rdf::RDF_CARD_POWER, Step{Status::IO_TIMEOUT, {}, {}});
  const Outcome o = test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  EXPECT_EQ(o.status, Status::IO_TIMEOUT);
  EXPECT_EQ(o.information, 0u);
  EXPECT_EQ(s.device->state(), CardState::SCARD_SWALLOWED);
}

TEST(DevicePower, MissingPowerCallbackIsNotSupported) {
  ScriptedDevice s({}, {}, {Rdf::RDF_CARD_POWER});
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_COLD_RESET).status, Status::NO_MEDIA);
  s.device->card_inserted();
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_COLD_RESET).status, Status::NOT_SUPPORTED);
}

TEST(DevicePower, RemovalDuringResetIsNoMedia) {
  ScriptedDevice s;
  s.device->card_inserted();
  s.driver.script(Rdf::RDF_CARD_POWER,
                  Step{Status::SUCCESS, {}, [](CallbackParams& p) { p.device->card_removed(); }});
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_COLD_RESET).status, Status::NO_MEDIA);
  EXPECT_EQ(s.device->state(), CardState::SCARD_ABSENT);
}

TEST(DevicePower, ReaderWithMechanicsReportsPresentUntilSwallowed) {
  ReaderCapabilities reader;
  reader.mechanics = SCARD_READER_SWALLOWS | SCARD_READER_EJECTS;
  ScriptedDevice s(reader);
  s.device->card_inserted();
  EXPECT_EQ(s.device->state(), CardState::SCARD_PRESENT);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_SWALLOW).status, Status::SUCCESS);
  EXPECT_EQ(s.device->state(), CardState::SCARD_SWALLOWED);
}

TEST(DevicePower, ResetAndPowerDownForgetTheT1Session) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::SUCCESS, {}, [](CallbackParams& p) {
                                                p.protocol->nad = 0x12;
                                                p.protocol->t1.ns = 1;
                                              }});
  test::ioctl(*s.device, SCARD_CTL_CODE(2048));
  ProtocolState seen;
  s.driver.script(Rdf::RDF_CARD_POWER,
                  Step{Status::SUCCESS, {}, [&](CallbackParams& p) { seen = *p.protocol; }});
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_POWER_DOWN).status, Status::SUCCESS);
  EXPECT_EQ(seen.t1.ns, 1);  // the callback still sees the session it ends
  s.driver.script(Rdf::RDF_CARD_POWER, Step{Status::SUCCESS, {}, [&](CallbackParams& p) {
                                              seen = *p.protocol;
                                              p.card->atr = test::atr_t0_t1();
                                            }});
  EXPECT_EQ(test::power(*s.device, PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  EXPECT_EQ(seen.t1.ns, 0);
  EXPECT_EQ(seen.nad, 0x12);
}

TEST(DevicePower, ANewCardStartsANewProtocolSession) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  s.driver.script(Rdf::RDF_IOCTL_VENDOR,
                  Step{Status::SUCCESS, {}, [](CallbackParams& p) { p.protocol->t1.ns = 1; }});
  test::ioctl(*s.device, SCARD_CTL_CODE(2048));
  s.device->card_removed();
  s.device->card_inserted();
  std::uint8_t ns = 9;
  s.driver.script(Rdf::RDF_IOCTL_VENDOR,
                  Step{Status::SUCCESS, {}, [&](CallbackParams& p) { ns = p.protocol->t1.ns; }});
  test::ioctl(*s.device, SCARD_CTL_CODE(2048));
  EXPECT_EQ(ns, 0);
}

}  // namespace
}  // namespace readerkit
