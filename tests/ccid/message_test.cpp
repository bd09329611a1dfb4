// SPDX-License-Identifier: MIT
// CCID message builders and parsers against frames written out from the CCID rev 1.1 tables.
#include "readerkit/ccid/message.hpp"

#include <gtest/gtest.h>

#include "fake_usb.hpp"

namespace readerkit::ccid {
namespace {

using testing::hex;

TEST(CcidMessage, IccPowerOnCarriesVoltageSelection) {
  EXPECT_EQ(icc_power_on(0, Voltage::v3_0).encode(7), hex("62 00000000 00 07 02 0000"));
  EXPECT_EQ(icc_power_on(1, Voltage::automatic).encode(0), hex("62 00000000 01 00 00 0000"));
}

TEST(CcidMessage, SimpleCommandsHaveEmptyBodies) {
  EXPECT_EQ(icc_power_off(0).encode(1), hex("63 00000000 00 01 000000"));
  EXPECT_EQ(get_slot_status(2).encode(0xFF), hex("65 00000000 02 FF 000000"));
  EXPECT_EQ(get_parameters(0).encode(3), hex("6C 00000000 00 03 000000"));
  EXPECT_EQ(reset_parameters(0).encode(3), hex("6D 00000000 00 03 000000"));
  EXPECT_EQ(abort(0).encode(9), hex("72 00000000 00 09 000000"));
}

TEST(CcidMessage, XfrBlockPutsLevelParameterLittleEndian) {
  const auto apdu = hex("00A4040000");
  EXPECT_EQ(xfr_block(0, apdu).encode(4), hex("6F 05000000 00 04 00 0000 00A4040000"));
  EXPECT_EQ(xfr_block(0, apdu, static_cast<std::uint16_t>(Chain::begins_continues), 4).encode(5),
            hex("6F 05000000 00 05 04 0100 00A4040000"));
  EXPECT_EQ(xfr_block(0, {}, static_cast<std::uint16_t>(Chain::empty_continue)).encode(6),
            hex("6F 00000000 00 06 00 1000"));
}

TEST(CcidMessage, SetParametersT1CarriesSevenBytes) {
  ProtocolData p{1, 0x96, 0x10, 0x00, 0x45, 0x00, 0xFE, 0x00};
  EXPECT_EQ(set_parameters(0, 1, p.encode()).encode(2),
            hex("61 07000000 00 02 01 0000 96 10 00 45 00 FE 00"));
  ProtocolData t0{0, 0x11, 0x00, 0x02, 0x0A, 0x00};
  EXPECT_EQ(t0.encode(), hex("11 00 02 0A 00"));
}

TEST(CcidMessage, EscapeCarriesVendorBytes) {
  EXPECT_EQ(escape(0, hex("A0B1")).encode(8), hex("6B 02000000 00 08 000000 A0B1"));
}

TEST(CcidMessage, DataBlockParsesStatusAndData) {
  auto r = parse_response(hex("80 04000000 00 07 00 00 00 3B020102"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->type, RdrToPc::RDR_to_PC_DataBlock);
  EXPECT_EQ(r->seq, 7);
  EXPECT_EQ(r->icc_status(), IccStatus::active);
  EXPECT_EQ(r->command_status(), CommandStatus::processed);
  EXPECT_EQ(r->data, hex("3B020102"));
}

TEST(CcidMessage, SlotStatusFailedNoCard) {
  // bStatus 0x42: command failed, no ICC present; bError ICC_MUTE.
  auto r = parse_response(hex("81 00000000 00 01 42 FE 00"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->icc_status(), IccStatus::absent);
  EXPECT_EQ(r->command_status(), CommandStatus::failed);
  EXPECT_EQ(slot_error_name(r->error), "ICC_MUTE");
}

TEST(CcidMessage, TimeExtensionIsCommandStatusTwo) {
  auto r = parse_response(hex("80 00000000 00 01 80 05 00"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->command_status(), CommandStatus::time_extension);
  EXPECT_EQ(r->error, 5);  // the multiplier
}

TEST(CcidMessage, MalformedFramesAreProtocolErrors) {
  EXPECT_EQ(parse_response(hex("80 01000000 00 01 00")).status(), Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_EQ(parse_response(hex("80 01000000 00 01 00 00 00")).status(),
            Status::DEVICE_PROTOCOL_ERROR);  // dwLength 1, no data
  EXPECT_EQ(parse_response(hex("80 00000000 00 01 00 00 00 AA")).status(),
            Status::DEVICE_PROTOCOL_ERROR);  // trailing byte
  EXPECT_EQ(parse_response(hex("6F 00000000 00 01 00 00 00")).status(),
            Status::DEVICE_PROTOCOL_ERROR);  // a command, not a response
  EXPECT_EQ(parse_response({}).status(), Status::DEVICE_PROTOCOL_ERROR);
}

TEST(CcidMessage, ParametersDecodeByProtocol) {
  auto r = parse_response(hex("82 07000000 00 01 00 00 01 96 11 00 45 00 FE 00"));
  ASSERT_TRUE(r.ok());
  auto p = parse_protocol_data(*r);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->protocol, 1);
  EXPECT_EQ(p->fi_di, 0x96);
  EXPECT_EQ(p->ifsc, 0xFE);
  auto short_t1 = parse_response(hex("82 05000000 00 01 00 00 01 96 11 00 45 00"));
  ASSERT_TRUE(short_t1.ok());
  EXPECT_FALSE(parse_protocol_data(*short_t1).ok());
}

TEST(CcidMessage, NotifySlotChangeDecodesTwoBitsPerSlot) {
  // Slot 0 present+changed, slot 1 absent+changed, slot 2 present unchanged.
  auto slots = parse_interrupt(hex("50 1B"));
  ASSERT_TRUE(slots.ok());
  ASSERT_EQ(slots->size(), 4u);
  EXPECT_TRUE((*slots)[0].present && (*slots)[0].changed);
  EXPECT_TRUE(!(*slots)[1].present && (*slots)[1].changed);
  EXPECT_TRUE((*slots)[2].present && !(*slots)[2].changed);
  EXPECT_FALSE((*slots)[3].present || (*slots)[3].changed);
}

TEST(CcidMessage, HardwareErrorAndGarbageOnInterrupt) {
  auto hw = parse_interrupt(hex("51 00 03 01"));
  ASSERT_TRUE(hw.ok());
  EXPECT_TRUE(hw->empty());
  EXPECT_FALSE(parse_interrupt(hex("50")).ok());
  EXPECT_FALSE(parse_interrupt(hex("99 00")).ok());
  EXPECT_FALSE(parse_interrupt({}).ok());
}

TEST(CcidMessage, SlotErrorNames) {
  EXPECT_EQ(slot_error_name(0x00), "CMD_NOT_SUPPORTED");
  EXPECT_EQ(slot_error_name(0x07), "BAD_PARAMETER");
  EXPECT_EQ(slot_error_name(0xF6), "ICC_PROTOCOL_NOT_SUPPORTED");
  EXPECT_EQ(slot_error_name(0x90), "RFU");
}

}  // namespace
}  // namespace readerkit::ccid
