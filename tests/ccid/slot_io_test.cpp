// SPDX-License-Identifier: MIT
// Slot operations against scripted readers: class selection at power on, extended APDU
// chaining both ways, error mapping, escape, parameters and multi-slot addressing.
#include "readerkit/ccid/slot_io.hpp"

#include <gtest/gtest.h>

#include "fake_usb.hpp"

namespace readerkit::ccid {
namespace {

using testing::FakeUsb;
using testing::at;
using testing::data_of;
using testing::frame;
using testing::hex;

std::uint16_t level_of(const Bytes& cmd) {
  return static_cast<std::uint16_t>(at(cmd, 8) | at(cmd, 9) << 8);
}

ClassDescriptor reader(std::uint32_t features, std::uint32_t max_message = 271,
                       std::uint8_t voltages = 0x07) {
  ClassDescriptor d;
  d.dwFeatures = features;
  d.dwMaxCCIDMessageLength = max_message;
  d.bVoltageSupport = voltages;
  d.dwProtocols = 3;
  return d;
}

struct Rig {
  explicit Rig(ClassDescriptor d, Quirks q = {})
      : descriptor(d), quirks(q), channel(usb, limits(d)), slot(channel, 0, descriptor, quirks) {}
  static ChannelLimits limits(const ClassDescriptor& d) {
    ChannelLimits l;
    l.max_message_length = d.dwMaxCCIDMessageLength;
    return l;
  }
  FakeUsb usb;
  ClassDescriptor descriptor;
  Quirks quirks;
  Channel channel;
  SlotIo slot;
};

TEST(CcidSlotIo, PowerOnWalksVoltageClassesFromTheLowest) {
  Rig rig(reader(feature::LEVEL_TPDU, 271, 0x03));  // 5V and 3V, no automatic selection
  rig.usb.set_responder([](const Bytes& cmd) {
    const auto seq = at(cmd, 6);
    if (at(cmd, 0) == 0x63) return std::vector<Bytes>{frame(0x81, 0, seq, 0x01, 0, 0)};
    if (at(cmd, 7) == 0x02)  // 3V: class not supported by this card
      return std::vector<Bytes>{frame(0x80, 0, seq, 0x41, 0xF5, 0)};
    return std::vector<Bytes>{frame(0x80, 0, seq, 0x00, 0, 0, hex("3B00"))};
  });
  auto atr = rig.slot.power_on();
  ASSERT_TRUE(atr.ok());
  EXPECT_EQ(*atr, hex("3B00"));
  ASSERT_EQ(rig.usb.sent.size(), 3u);  // 3V on, off, 5V on
  EXPECT_EQ(at(rig.usb.sent[0], 7), 0x02);
  EXPECT_EQ(at(rig.usb.sent[1], 0), 0x63);
  EXPECT_EQ(at(rig.usb.sent[2], 7), 0x01);
}

TEST(CcidSlotIo, AutomaticVoltageSendsOnePowerOn) {
  Rig rig(reader(feature::LEVEL_TPDU | feature::AUTO_VOLTAGE));
  rig.usb.queue_in(frame(0x80, 0, 0, 0x00, 0, 0, hex("3B020102")));
  ASSERT_TRUE(rig.slot.power_on().ok());
  EXPECT_EQ(at(rig.usb.sent[0], 7), 0x00);
}

TEST(CcidSlotIo, PowerOnWithoutCardIsNoMediaAndMuteIsTimeout) {
  Rig rig(reader(feature::AUTO_VOLTAGE));
  rig.usb.queue_in(frame(0x80, 0, 0, 0x42, 0xFE, 0));
  EXPECT_EQ(rig.slot.power_on().status(), Status::NO_MEDIA);
  rig.usb.queue_in(frame(0x80, 0, 1, 0x41, 0xFE, 0));
  EXPECT_EQ(rig.slot.power_on().status(), Status::IO_TIMEOUT);
}

TEST(CcidSlotIo, ErrorTableMapsReaderErrors) {
  const std::pair<std::uint8_t, Status> cases[] = {
      {0xFD, Status::DEVICE_PROTOCOL_ERROR}, {0xE0, Status::DEVICE_BUSY},
      {0xFF, Status::CANCELLED},             {0x00, Status::NOT_SUPPORTED},
      {0xF8, Status::UNRECOGNIZED_MEDIA},    {0x05, Status::DEVICE_PROTOCOL_ERROR}};
  for (const auto& [error, status] : cases) {
    Response r;
    r.status = 0x40;
    r.error = error;
    EXPECT_EQ(status_of(r), status) << int{error};
  }
}

TEST(CcidSlotIo, ExtendedApduIsChainedOverXfrBlocks) {
  // dwMaxCCIDMessageLength 271: 261 bytes of abData per message.
  Rig rig(reader(feature::LEVEL_EXTENDED_APDU));
  Bytes apdu = hex("80320000 000258");
  for (int i = 0; i < 600; ++i) apdu.push_back(static_cast<std::byte>(i));
  rig.usb.set_responder([](const Bytes& cmd) {
    const auto seq = at(cmd, 6);
    const auto lvl = level_of(cmd);
    if (lvl == 0x0001 || lvl == 0x0003)
      return std::vector<Bytes>{frame(0x80, 0, seq, 0, 0, 0x10)};
    return std::vector<Bytes>{frame(0x80, 0, seq, 0, 0, 0x00, hex("9000"))};
  });
  auto r = rig.slot.transmit_apdu(apdu);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, hex("9000"));
  ASSERT_EQ(rig.usb.sent.size(), 3u);
  EXPECT_EQ(level_of(rig.usb.sent[0]), 0x0001);
  EXPECT_EQ(level_of(rig.usb.sent[1]), 0x0003);
  EXPECT_EQ(level_of(rig.usb.sent[2]), 0x0002);
  Bytes joined;
  for (const auto& s : rig.usb.sent) {
    auto d = data_of(s);
    joined.insert(joined.end(), d.begin(), d.end());
  }
  EXPECT_EQ(joined, apdu);
}

TEST(CcidSlotIo, ChainedResponseIsCollected) {
  Rig rig(reader(feature::LEVEL_EXTENDED_APDU));
  const Bytes part1(261, std::byte{0x11});
  const Bytes part2(261, std::byte{0x22});
  const Bytes part3 = hex("33339000");
  rig.usb.queue_in(frame(0x80, 0, 0, 0, 0, 0x01, part1));
  rig.usb.queue_in(frame(0x80, 0, 1, 0, 0, 0x03, part2));
  rig.usb.queue_in(frame(0x80, 0, 2, 0, 0, 0x02, part3));
  auto r = rig.slot.transmit_apdu(hex("80340000 000204"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 261u + 261u + 4u);
  ASSERT_EQ(rig.usb.sent.size(), 3u);
  EXPECT_EQ(level_of(rig.usb.sent[1]), 0x0010);
  EXPECT_TRUE(data_of(rig.usb.sent[1]).empty());
}

TEST(CcidSlotIo, ReaderThatDoesNotAskForMoreBreaksTheChain) {
  Rig rig(reader(feature::LEVEL_EXTENDED_APDU));
  rig.usb.queue_in(frame(0x80, 0, 0, 0, 0, 0x00, hex("6700")));
  EXPECT_EQ(rig.slot.transmit_apdu(Bytes(400, std::byte{0})).status(),
            Status::DEVICE_PROTOCOL_ERROR);
}

TEST(CcidSlotIo, ShortApduReaderRefusesWhatDoesNotFit) {
  Rig rig(reader(feature::LEVEL_SHORT_APDU));
  EXPECT_EQ(rig.slot.transmit_apdu(Bytes(300, std::byte{0})).status(), Status::INVALID_PARAMETER);
  EXPECT_TRUE(rig.usb.sent.empty());
}

TEST(CcidSlotIo, EscapeRoundTripAndQuirkRefusal) {
  Rig rig(reader(feature::LEVEL_TPDU));
  rig.usb.queue_in(frame(0x83, 0, 0, 0, 0, 0, hex("CAFE")));
  auto r = rig.slot.escape(hex("0102"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, hex("CAFE"));
  EXPECT_EQ(rig.usb.sent[0], hex("6B 02000000 00 00 000000 0102"));
  rig.usb.queue_in(frame(0x83, 0, 1, 0x40, 0x00, 0));  // "command not supported"
  EXPECT_EQ(rig.slot.escape(hex("01")).status(), Status::NOT_SUPPORTED);

  Quirks q;
  q.flags = quirk::NO_ESCAPE;
  Rig quirky(reader(feature::LEVEL_TPDU), q);
  EXPECT_EQ(quirky.slot.escape(hex("01")).status(), Status::NOT_SUPPORTED);
  EXPECT_TRUE(quirky.usb.sent.empty());
}

TEST(CcidSlotIo, SetAndGetParameters) {
  Rig rig(reader(feature::LEVEL_TPDU));
  rig.usb.queue_in(frame(0x82, 0, 0, 0, 0, 1, hex("96 10 00 45 00 FE 00")));
  ProtocolData t1{1, 0x96, 0x10, 0, 0x45, 0, 0xFE, 0};
  EXPECT_EQ(rig.slot.set_parameters(t1), Status::SUCCESS);
  EXPECT_EQ(rig.usb.sent[0], hex("61 07000000 00 00 01 0000 96 10 00 45 00 FE 00"));
  rig.usb.queue_in(frame(0x82, 0, 1, 0, 0, 0, hex("11 00 00 0A 00")));
  auto p = rig.slot.get_parameters();
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->protocol, 0);
  EXPECT_EQ(p->waiting, 0x0A);
}

TEST(CcidSlotIo, MultiSlotCommandsCarryTheirSlotAndShareSequence) {
  FakeUsb usb;
  ClassDescriptor d = reader(feature::LEVEL_SHORT_APDU);
  d.bMaxSlotIndex = 1;
  Quirks q;
  Channel channel(usb, {});
  SlotIo slot0(channel, 0, d, q);
  SlotIo slot1(channel, 1, d, q);
  usb.set_responder([](const Bytes& cmd) {
    return std::vector<Bytes>{frame(0x80, at(cmd, 5), at(cmd, 6), 0, 0, 0, hex("9000"))};
  });
  ASSERT_TRUE(slot1.transmit_apdu(hex("00B00000")).ok());
  ASSERT_TRUE(slot0.transmit_apdu(hex("00B00000")).ok());
  EXPECT_EQ(at(usb.sent[0], 5), 1);
  EXPECT_EQ(at(usb.sent[1], 5), 0);
  EXPECT_EQ(at(usb.sent[1], 6), 1);  // bSeq is per interface, not per slot
  // An answer for the other slot is never taken as ours.
  usb.set_responder(nullptr);
  usb.queue_in(frame(0x80, 1, 2, 0, 0, 0, hex("6A82")));
  usb.queue_in(frame(0x80, 0, 2, 0, 0, 0, hex("9000")));
  auto r = slot0.transmit_apdu(hex("00B00000"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, hex("9000"));
}

}  // namespace
}  // namespace readerkit::ccid
