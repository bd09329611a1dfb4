// SPDX-License-Identifier: MIT
// The smclib C interface driven the Windows way: a C driver (script_driver.c) calls
// SmartcardT1Request / SmartcardT1Reply (and T=0, raw) in a loop, its line plays byte-exact
// scripts; requests enter through SmartcardDeviceControl with one IRP each.
#include <gtest/gtest.h>

#include "readerkit/card.hpp"
#include "readerkit/inverse.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/status.hpp"
// After the core's headers (docs/smclib.md): the bridge and the WDK types.
#include "bridge.hpp"
#include "script_line.hpp"

namespace readerkit {
namespace {

using test::blk;
using test::HostIrp;
using test::le32;

constexpr auto kT1 = SCARD_PROTOCOL_T1;
constexpr auto kT0 = SCARD_PROTOCOL_T0;
// 3B 80 81 31 TA3 45 TCK: T=1 only, IFSC = TA3, BWI 4, CWI 5.
const char* const kAtrIfsc254 = "3B808131FE458B";
const char* const kAtrIfsc4 = "3B8081310445 71";

class Smclib : public ::testing::Test {
 protected:
  void SetUp() override {
    line = {&card, test::ScriptCard::reset, test::ScriptCard::exchange};
    ASSERT_EQ(ScriptDriverCreate(&ext, &line), STATUS_SUCCESS);
  }
  void TearDown() override { ScriptDriverDestroy(&ext); }

  NTSTATUS control(HostIrp& irp) { return irp.returned = SmartcardDeviceControl(&ext, &irp.irp); }

  /// Card in, cold reset, the protocol selected.
  void start(const std::string& atr, std::uint32_t protocol) {
    card.atr = *from_hex(atr);
    ScriptDriverCardEvent(&ext, 1);
    HostIrp power(IOCTL_SMARTCARD_POWER, le32(1), 64);
    ASSERT_EQ(control(power), STATUS_SUCCESS);
    HostIrp set(IOCTL_SMARTCARD_SET_PROTOCOL, le32(protocol), 4);
    ASSERT_EQ(control(set), STATUS_SUCCESS);
    EXPECT_EQ(set.output_hex(), to_hex(le32(protocol)));
  }

  /// One TRANSMIT of `command`; checks every byte the driver sent.
  NTSTATUS transmit(std::uint32_t protocol, const std::string& command,
                    std::vector<test::Step> script) {
    card.script = std::move(script);
    card.next = 0;
    card.sent.clear();
    card.waits.clear();
    HostIrp irp(IOCTL_SMARTCARD_TRANSMIT, transmit_request(protocol, *from_hex(command)), 8 + 260);
    const NTSTATUS s = control(irp);
    EXPECT_EQ(card.sent, card.expected());
    EXPECT_EQ(irp.completions, 1);
    response = irp.output_hex();
    return s;
  }

  test::ScriptCard card;
  SCRIPT_LINE line{};
  SMARTCARD_EXTENSION ext{};
  std::string response;
};

std::string ifs_request() {
  return blk("00 C1 01 FE");
}
std::string ifs_response() {
  return blk("00 E1 01 FE");
}

TEST_F(Smclib, T1PlainExchangeAfterTheInitialIfsRequest) {
  start(kAtrIfsc254, kT1);
  EXPECT_EQ(transmit(kT1, "00B0000002",
                     {{ifs_request(), ifs_response()},
                      {blk("00 00 05 00B0000002"), blk("00 00 04 AABB9000")}}),
            STATUS_SUCCESS);
  EXPECT_EQ(response, "0200000008000000AABB9000");
  EXPECT_EQ(ext.T1.IFSD, 254);
  EXPECT_EQ(ext.T1.SSN, 1);
  // Sequence numbers alternate; no second S(IFS).
  EXPECT_EQ(transmit(kT1, "00B0000002", {{blk("00 40 05 00B0000002"), blk("00 40 02 9000")}}),
            STATUS_SUCCESS);
  EXPECT_EQ(response, "02000000080000009000");
}

TEST_F(Smclib, T1ChainingOutWithTheCardsIfsc) {
  start(kAtrIfsc4, kT1);
  EXPECT_EQ(ext.CardCapabilities.T1.IFSC, 4);
  EXPECT_EQ(transmit(kT1, "0102030405060708090A",
                     {{ifs_request(), ifs_response()},
                      {blk("00 20 04 01020304"), blk("00 90 00")},
                      {blk("00 60 04 05060708"), blk("00 80 00")},
                      {blk("00 00 02 090A"), blk("00 00 02 9000")}}),
            STATUS_SUCCESS);
  EXPECT_EQ(response, "02000000080000009000");
}

TEST_F(Smclib, CardCapabilitiesAfterTheAtr) {
  start(kAtrIfsc254, kT1);
  const SCARD_CARD_CAPABILITIES& c = ext.CardCapabilities;
  EXPECT_EQ(c.ATR.Length, 7);
  EXPECT_EQ(c.Protocol.Supported, kT1);
  EXPECT_EQ(c.Protocol.Selected, kT1);
  EXPECT_EQ(c.T1.IFSC, 254);
  EXPECT_EQ(c.T1.BWI, 4);
  EXPECT_EQ(c.T1.CWI, 5);
  EXPECT_EQ(c.Fl, 1);
  EXPECT_EQ(c.Dl, 1);
  ASSERT_NE(c.ClockRateConversion, nullptr);
  EXPECT_EQ(c.ClockRateConversion[c.Fl].F, 372u);
  EXPECT_EQ(c.ClockRateConversion[c.Fl].fs, 5000000u);
  EXPECT_EQ(c.BitRateAdjustment[c.Dl].DNumerator, 1u);
  EXPECT_NE(c.T1.BWT, 0u);
}

TEST_F(Smclib, T1ChainingIn) {
  start(kAtrIfsc254, kT1);
  EXPECT_EQ(transmit(kT1, "00B0000000",
                     {{ifs_request(), ifs_response()},
                      {blk("00 00 05 00B0000000"), blk("00 20 02 AABB")},
                      {blk("00 90 00"), blk("00 60 02 CCDD")},
                      {blk("00 80 00"), blk("00 00 02 9000")}}),
            STATUS_SUCCESS);
  EXPECT_EQ(response, "0200000008000000AABBCCDD9000");
}

TEST_F(Smclib, T1WtxMultipliesTheNextWaitThroughT1Wtx) {
  start(kAtrIfsc254, kT1);
  EXPECT_EQ(transmit(kT1, "00B0000002",
                     {{ifs_request(), ifs_response()},
                      {blk("00 00 05 00B0000002"), blk("00 C3 01 05")},
                      {blk("00 E3 01 05"), blk("00 00 02 9000")}}),
            STATUS_SUCCESS);
  ASSERT_EQ(card.waits.size(), 3u);
  EXPECT_NE(card.waits[1], 0u);
  EXPECT_EQ(card.waits[2], 5 * card.waits[1]);
  EXPECT_EQ(ext.T1.Wtx, 0);  // applies to the one wait only
}

TEST_F(Smclib, T1CardIfsRequestChangesIfsc) {
  start(kAtrIfsc4, kT1);
  EXPECT_EQ(transmit(kT1, "0102030405060708090A",
                     {{ifs_request(), ifs_response()},
                      {blk("00 20 04 01020304"), blk("00 C1 01 06")},
                      {blk("00 E1 01 06"), blk("00 90 00")},
                      {blk("00 40 06 05060708090A"), blk("00 00 02 9000")}}),
            STATUS_SUCCESS);
  EXPECT_EQ(ext.T1.IFSC, 6);
}

TEST_F(Smclib, T1ResynchAfterThreeErrors) {
  start(kAtrIfsc254, kT1);
  EXPECT_EQ(transmit(kT1, "00B0000002",
                     {{ifs_request(), ifs_response()},
                      {blk("00 00 05 00B0000002"), "FFFF"},
                      {"00820082", "FFFF"},
                      {"00820082", "FFFF"},
                      {"00C000C0", blk("00 E0 00")},
                      {blk("00 00 05 00B0000002"), blk("00 00 02 9000")}}),
            STATUS_SUCCESS);
  EXPECT_EQ(response, "02000000080000009000");
}

TEST_F(Smclib, T1MuteCardEndsWithIoTimeout) {
  start(kAtrIfsc254, kT1);
  EXPECT_EQ(transmit(kT1, "00B0000002",
                     {{ifs_request(), ifs_response()},
                      {blk("00 00 05 00B0000002"), std::nullopt},
                      {"00820082", std::nullopt},
                      {"00820082", std::nullopt},
                      {"00C000C0", std::nullopt}}),
            STATUS_IO_TIMEOUT);
  EXPECT_EQ(response, "");
}

TEST_F(Smclib, T0Case2AndCase3) {
  start("3B00", kT0);
  EXPECT_EQ(transmit(kT0, "00B0000002", {{"00B0000002", "AABB9000"}}), STATUS_SUCCESS);
  EXPECT_EQ(response, "0100000008000000AABB9000");
  EXPECT_EQ(ext.T0.Le, 2u);
  EXPECT_EQ(transmit(kT0, "00D6000002CCDD", {{"00D6000002CCDD", "9000"}}), STATUS_SUCCESS);
  EXPECT_EQ(response, "01000000080000009000");
  EXPECT_EQ(ext.T0.Lc, 2u);
}

TEST_F(Smclib, T0AnswerWithoutStatusWordIsAProtocolError) {
  start("3B00", kT0);
  EXPECT_EQ(transmit(kT0, "00B0000002", {{"00B0000002", "AA"}}), STATUS_DEVICE_PROTOCOL_ERROR);
}

TEST_F(Smclib, InverseConventionBytesAreConvertedForTheDriver) {
  Bytes line_atr = *from_hex("3F00");
  invert_bytes(line_atr);  // as read from the line by a reader that does not convert
  start(to_hex(line_atr), kT0);
  EXPECT_EQ(ext.CardCapabilities.InversConvention, 1);
  Bytes sent = *from_hex("00B0000002");
  Bytes answer = *from_hex("AABB9000");
  invert_bytes(sent);
  invert_bytes(answer);
  EXPECT_EQ(transmit(kT0, "00B0000002", {{to_hex(sent), to_hex(answer)}}), STATUS_SUCCESS);
  EXPECT_EQ(response, "0100000008000000AABB9000");
}

TEST_F(Smclib, CardTrackingCompletesTheNotificationIrp) {
  HostIrp present(IOCTL_SMARTCARD_IS_PRESENT, {}, 0);
  EXPECT_EQ(control(present), STATUS_PENDING);
  EXPECT_EQ(present.completions, 0);
  EXPECT_EQ(ext.ReaderExtension->TrackingIrp, &present.irp);
  EXPECT_EQ(ext.OsData->NotificationIrp, &present.irp);
  ScriptDriverCardEvent(&ext, 1);
  EXPECT_EQ(present.completions, 1);
  EXPECT_EQ(present.irp.IoStatus.Status, STATUS_SUCCESS);
  EXPECT_EQ(ext.OsData->NotificationIrp, nullptr);

  HostIrp absent(IOCTL_SMARTCARD_IS_ABSENT, {}, 0);
  EXPECT_EQ(control(absent), STATUS_PENDING);
  EXPECT_TRUE(smclib::device_of(&ext)->cancel_tracking());
  EXPECT_EQ(absent.completions, 1);
  EXPECT_EQ(absent.irp.IoStatus.Status, STATUS_CANCELLED);
  EXPECT_EQ(ext.OsData->NotificationIrp, nullptr);
}

TEST_F(Smclib, RemovalIsSeenThroughCurrentState) {
  start("3B00", kT0);
  ScriptDriverCardEvent(&ext, 0);
  HostIrp state(IOCTL_SMARTCARD_GET_STATE, {}, 4);
  EXPECT_EQ(control(state), STATUS_SUCCESS);
  EXPECT_EQ(state.output_hex(), to_hex(le32(static_cast<std::uint32_t>(CardState::SCARD_ABSENT))));
  EXPECT_EQ(transmit(kT0, "00B0000002", {}), STATUS_NO_MEDIA);
}

// SmartcardDeviceControl is Device::control's table: same status for the same request.
TEST_F(Smclib, SameStatusesAsTheCoreDispatcher) {
  start("3B00", kT0);
  struct Case {
    std::uint32_t code;
    Bytes input;
    std::size_t output;
  };
  const std::vector<Case> cases = {
      {IOCTL_SMARTCARD_POWER, {}, 64},
      {IOCTL_SMARTCARD_POWER, le32(9), 64},
      {IOCTL_SMARTCARD_GET_STATE, {}, 2},
      {IOCTL_SMARTCARD_GET_ATTRIBUTE, le32(0x00010100), 64},
      {IOCTL_SMARTCARD_GET_ATTRIBUTE, le32(0x12345678), 64},
      {IOCTL_SMARTCARD_SET_PROTOCOL, le32(0), 4},
      {IOCTL_SMARTCARD_EJECT, {}, 0},
      {SCARD_CTL_CODE(99), {}, 0},
      {IOCTL_SMARTCARD_TRANSMIT, transmit_request(kT1, *from_hex("00B0000002")), 64},
  };
  Device& device = *smclib::device_of(&ext);
  for (const auto& c : cases) {
    HostIrp irp(c.code, c.input, c.output);
    const NTSTATUS s = control(irp);
    Bytes in = c.input;
    Bytes out(c.output);
    const IoResult native = device.control(c.code, in, out);
    EXPECT_EQ(static_cast<std::uint32_t>(s), ntstatus(native.status)) << std::hex << c.code;
    EXPECT_EQ(irp.irp.IoStatus.Information, native.information) << std::hex << c.code;
  }
}

TEST_F(Smclib, RoutinesOutsideACallbackAreRefused) {
  EXPECT_EQ(SmartcardT1Request(&ext), STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(SmartcardT0Reply(&ext), STATUS_INVALID_DEVICE_STATE);
  SMARTCARD_EXTENSION other{};
  EXPECT_EQ(SmartcardInitialize(&other), STATUS_UNSUCCESSFUL);  // Version below required
}

TEST_F(Smclib, RemoveLockRefusesAfterReleaseAndWait) {
  start("3B00", kT0);
  EXPECT_EQ(SmartcardAcquireRemoveLockWithTag(&ext, 0x74736554), STATUS_SUCCESS);
  SmartcardReleaseRemoveLockAndWait(&ext);
  EXPECT_EQ(SmartcardAcquireRemoveLock(&ext), STATUS_DELETE_PENDING);
  HostIrp state(IOCTL_SMARTCARD_GET_STATE, {}, 4);
  EXPECT_EQ(control(state), STATUS_DELETE_PENDING);
}

TEST(SmclibInvert, InvertDataIsTheCoresConversion) {
  UCHAR data[] = {0x3F, 0x00, 0x03};
  SmartcardInvertData(data, sizeof data);
  EXPECT_EQ(data[0], 0x03);
  EXPECT_EQ(data[1], 0xFF);
  EXPECT_EQ(data[2], 0x3F);
}

}  // namespace
}  // namespace readerkit
