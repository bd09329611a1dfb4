// SPDX-License-Identifier: MIT
// bSeq numbering, reassembly, zero-length reads, stale frames and time extension.
#include "readerkit/ccid/channel.hpp"

#include <gtest/gtest.h>

#include "fake_usb.hpp"

namespace readerkit::ccid {
namespace {

using testing::FakeUsb;
using testing::frame;
using testing::hex;

std::uint8_t seq_of(const Bytes& command) { return std::to_integer<std::uint8_t>(command[6]); }

// A reader that answers every command with an empty SlotStatus echoing its bSeq.
FakeUsb::Responder slot_status_echo() {
  return [](const Bytes& cmd) {
    return std::vector<Bytes>{frame(0x81, 0, seq_of(cmd), 0x00, 0x00, 0x00)};
  };
}

TEST(CcidChannel, SequenceNumbersIncrementAndWrap) {
  FakeUsb usb;
  usb.set_responder(slot_status_echo());
  Channel channel(usb, {});
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(channel.transact(get_slot_status(0)).ok());
  ASSERT_EQ(usb.sent.size(), 300u);
  EXPECT_EQ(seq_of(usb.sent[0]), 0);
  EXPECT_EQ(seq_of(usb.sent[255]), 255);
  EXPECT_EQ(seq_of(usb.sent[256]), 0);
}

TEST(CcidChannel, SpuriousZeroLengthReadIsIgnored) {
  // qemu-xhci: a 64-byte frame followed by an empty transfer. The empty transfer must neither
  // end the next exchange nor shift the sequence numbers.
  FakeUsb usb;
  const Bytes data54(54, std::byte{0x5A});
  usb.set_responder([&](const Bytes& cmd) {
    return std::vector<Bytes>{frame(0x80, 0, seq_of(cmd), 0, 0, 0, data54), Bytes{}};
  });
  Channel channel(usb, {});
  for (int i = 0; i < 3; ++i) {
    auto r = channel.transact(xfr_block(0, hex("80300000")));
    ASSERT_TRUE(r.ok()) << i;
    EXPECT_EQ(r->data, data54);
    EXPECT_EQ(r->seq, i);
  }
  EXPECT_EQ(channel.counters().zero_length_reads, 1u);  // the one left over from the last
}

TEST(CcidChannel, FrameSplitOverTransfersIsReassembled) {
  FakeUsb usb;
  const Bytes full = frame(0x80, 0, 0, 0, 0, 0, Bytes(100, std::byte{1}));
  usb.queue_in(Bytes(full.begin(), full.begin() + 4));
  usb.queue_in(Bytes(full.begin() + 4, full.begin() + 64));
  usb.queue_in(Bytes(full.begin() + 64, full.end()));
  Channel channel(usb, {});
  auto r = channel.transact(xfr_block(0, hex("00")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data.size(), 100u);
}

TEST(CcidChannel, StaleFrameFromEarlierCommandIsDropped) {
  FakeUsb usb;
  usb.queue_in(frame(0x81, 0, 0xFF, 0, 0, 0));  // answer to a command that timed out
  usb.queue_in(frame(0x81, 0, 0x00, 0x01, 0, 0));
  Channel channel(usb, {});
  auto r = channel.transact(get_slot_status(0));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->icc_status(), IccStatus::present_inactive);
  EXPECT_EQ(channel.counters().stale_frames, 1u);
}

TEST(CcidChannel, TimeExtensionIsWaitedThrough) {
  FakeUsb usb;
  usb.queue_in(frame(0x80, 0, 0, 0x80, 0x02, 0));
  usb.queue_in(frame(0x80, 0, 0, 0x80, 0x02, 0));
  usb.queue_in(frame(0x80, 0, 0, 0x00, 0x00, 0, hex("9000")));
  Channel channel(usb, {});
  auto r = channel.transact(xfr_block(0, hex("80380005")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data, hex("9000"));
  EXPECT_EQ(channel.counters().time_extensions, 2u);
}

TEST(CcidChannel, EndlessTimeExtensionEndsInTimeout) {
  FakeUsb usb;
  for (int i = 0; i < 5; ++i) usb.queue_in(frame(0x80, 0, 0, 0x80, 0x01, 0));
  ChannelLimits limits;
  limits.max_time_extensions = 4;
  Channel channel(usb, limits);
  EXPECT_EQ(channel.transact(xfr_block(0, hex("00"))).status(), Status::IO_TIMEOUT);
}

TEST(CcidChannel, EndlessEmptyReadsEndInProtocolError) {
  FakeUsb usb;
  for (int i = 0; i < 40; ++i) usb.queue_in(Bytes{});
  Channel channel(usb, {});
  EXPECT_EQ(channel.transact(get_slot_status(0)).status(), Status::DEVICE_PROTOCOL_ERROR);
}

TEST(CcidChannel, SilentReaderTimesOutAndUnplugIsDeletePending) {
  FakeUsb usb;
  Channel channel(usb, {});
  EXPECT_EQ(channel.transact(get_slot_status(0)).status(), Status::IO_TIMEOUT);
  usb.unplugged = true;
  EXPECT_EQ(channel.transact(get_slot_status(0)).status(), Status::DELETE_PENDING);
}

TEST(CcidChannel, OversizedOrGarbageFramesAreProtocolErrors) {
  FakeUsb usb;
  usb.queue_in(hex("80 FFFFFF7F 00 00 00 00 00"));
  usb.queue_in(hex("FF 00000000 00 01 00 00 00"));
  Channel channel(usb, {});
  EXPECT_EQ(channel.transact(get_slot_status(0)).status(), Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_EQ(channel.transact(get_slot_status(0)).status(), Status::DEVICE_PROTOCOL_ERROR);
}

TEST(CcidChannel, AbortSendsControlRequestThenCommandWithSameSeq) {
  FakeUsb usb;
  usb.set_responder(slot_status_echo());
  Channel channel(usb, {});
  ASSERT_TRUE(channel.transact(get_slot_status(0)).ok());
  EXPECT_EQ(channel.abort(0), Status::SUCCESS);
  ASSERT_EQ(usb.aborts.size(), 1u);
  EXPECT_EQ(usb.aborts[0], std::make_pair(std::uint8_t{0}, std::uint8_t{1}));
  EXPECT_EQ(usb.sent.back(), hex("72 00000000 00 01 000000"));
}

}  // namespace
}  // namespace readerkit::ccid
