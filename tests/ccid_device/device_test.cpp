// SPDX-License-Identifier: MIT
// The CCID device byte by byte (CCID rev 1.1 §5, §6; USB 2.0 §9): descriptors, endpoint 0,
// the answers to malformed, unknown, oversized and concurrent messages, waiting URBs and
// unlink, detach, NotifySlotChange, and the T=1 card side of the TPDU level.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

#include "control_requests.hpp"
#include "readerkit/ccid/descriptor.hpp"
#include "readerkit/ccid/message.hpp"
#include "readerkit/ccid_device/ccid_device.hpp"
#include "readerkit/sim/sim_reader.hpp"
#include "readerkit/t1_frame.hpp"
#include "t1_responder.hpp"

namespace readerkit::ccid_device {
namespace {

using namespace std::chrono_literals;

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

std::uint8_t at(const Bytes& b, std::size_t i) {
  return i < b.size() ? std::to_integer<std::uint8_t>(b[i]) : 0xEE;
}

struct Completed {
  std::mutex m;
  std::condition_variable cv;
  std::optional<usbip::UrbResult> result;
  usbip::UrbCompletion sink() {
    return [this](usbip::UrbResult r) {
      std::lock_guard lock(m);
      result = std::move(r);
      cv.notify_all();
    };
  }
  std::optional<usbip::UrbResult> wait(std::chrono::milliseconds limit = 2s) {
    std::unique_lock lock(m);
    cv.wait_for(lock, limit, [&] { return result.has_value(); });
    return result;
  }
};

struct Fixture {
  std::unique_ptr<sim::SimReader> sim;
  std::unique_ptr<CcidDevice> device;
  std::uint32_t seq = 1;

  explicit Fixture(std::string_view profile = "apdu",
                   std::vector<std::string> fields = {"profile=t1"}) {
    std::string error;
    sim = sim::open_sim_reader(fields, {}, error);
    CcidDeviceOptions o;
    o.profile = *find_profile(profile);
    device = std::make_unique<CcidDevice>(*sim, o);
    device->attach();
  }

  usbip::UrbResult control(std::string_view setup_hex) {
    usbip::Urb urb;
    urb.seqnum = seq++;
    const auto setup = hex(setup_hex);
    std::copy(setup.begin(), setup.end(), urb.setup.begin());
    urb.direction = (at(setup, 0) & 0x80) ? usbip::Direction::in : usbip::Direction::out;
    urb.length = at(setup, 6) | at(setup, 7) << 8;
    Completed c;
    device->submit(urb, c.sink());
    return *c.wait();
  }

  void out(const Bytes& data) {
    usbip::Urb urb;
    urb.seqnum = seq++;
    urb.endpoint = 1;
    urb.length = static_cast<std::uint32_t>(data.size());
    urb.data = data;
    Completed c;
    device->submit(urb, c.sink());
    const auto r = c.wait();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 0);
    EXPECT_EQ(r->actual_length, data.size());
  }

  std::optional<usbip::UrbResult> in(std::uint8_t endpoint = 2, std::uint32_t length = 65600,
                                     std::chrono::milliseconds limit = 2s) {
    usbip::Urb urb;
    urb.seqnum = seq++;
    urb.endpoint = endpoint;
    urb.direction = usbip::Direction::in;
    urb.length = length;
    Completed c;
    device->submit(urb, c.sink());
    auto r = c.wait(limit);
    if (!r) {
      EXPECT_TRUE(device->unlink(urb.seqnum));
    }
    return r;
  }

  Bytes interrupt(std::chrono::milliseconds limit = 2s) {
    auto r = in(3, 8, limit);
    return r ? r->data : Bytes{};
  }

  Bytes exchange(const Bytes& message) {
    out(message);
    auto r = in();
    return r ? r->data : Bytes{};
  }
};

TEST(CcidDevice, DescriptorsDescribeOneCcidInterface) {
  Fixture f;
  const auto device = f.control("80 06 0001 0000 1200").data;
  ASSERT_EQ(device.size(), 18u);
  EXPECT_EQ(at(device, 1), 0x01);
  EXPECT_EQ(at(device, 8) | at(device, 9) << 8, kOwnVendorId);
  EXPECT_EQ(at(device, 10) | at(device, 11) << 8, kOwnProductId);
  // A host reads the first 9 bytes of the configuration first, then wTotalLength of them.
  const auto head = f.control("80 06 0002 0000 0900").data;
  ASSERT_EQ(head.size(), 9u);
  const auto total = at(head, 2) | at(head, 3) << 8;
  const auto config = f.control("80 06 0002 0000 FF00").data;
  ASSERT_EQ(config.size(), static_cast<std::size_t>(total));
  EXPECT_EQ(total, 9 + 9 + 54 + 3 * 7);
  EXPECT_EQ(at(config, 9 + 5), 0x0B);  // bInterfaceClass
  const auto ccid = ccid::parse_class_descriptor(std::span<const std::byte>(config).subspan(18));
  ASSERT_TRUE(ccid);
  EXPECT_EQ(ccid->dwFeatures & ccid::feature::LEVEL_MASK, ccid::feature::LEVEL_SHORT_APDU);
  EXPECT_EQ(ccid->dwMaxCCIDMessageLength, kSmallMessage);
  EXPECT_EQ(ccid->bMaxSlotIndex, 0);
  EXPECT_EQ(ccid::encode_class_descriptor(*ccid),
            Bytes(config.begin() + 18, config.begin() + 18 + 54));
  const auto text = f.control("80 06 0203 0904 FF00").data;  // iProduct
  EXPECT_EQ(at(text, 1), 0x03);
  EXPECT_EQ(at(text, 2), 'R');
  EXPECT_EQ(f.control("80 06 0006 0000 0A00").status, kStall);  // no device qualifier
  EXPECT_EQ(f.control("80 06 0005 0000 0A00").status, kStall);
  EXPECT_EQ(f.control("00 09 0100 0000 0000").status, 0);  // SET_CONFIGURATION 1
  EXPECT_EQ(f.control("80 08 0000 0000 0100").data, hex("01"));
  EXPECT_EQ(f.control("40 77 0000 0000 0000").status, kStall);  // vendor request
}

TEST(CcidDevice, ProfilesAnnounceTheirFeatures) {
  Fixture polled("polled");
  const auto config = polled.control("80 06 0002 0000 FF00").data;
  EXPECT_EQ(config.size(), 9u + 9 + 54 + 2 * 7);  // no interrupt endpoint
  Fixture extended("extended");
  EXPECT_EQ(extended.device->class_descriptor().dwMaxCCIDMessageLength, kLargeMessage);
  Fixture manual("tpdu-manual");
  EXPECT_EQ(manual.device->class_descriptor().dwFeatures, ccid::feature::LEVEL_TPDU);
  Fixture four("apdu", {"profile=t1", "slots=4"});
  EXPECT_EQ(four.device->class_descriptor().bMaxSlotIndex, 3);
  std::string error;
  auto plain = sim::open_sim_reader({"profile=t1"}, {}, error);
  EXPECT_EQ(export_problem(*plain, *find_profile("pinpad")),
            "profile pinpad needs a reader with a PIN pad");
  EXPECT_EQ(export_problem(*plain, *find_profile("apdu")), "");
}

TEST(CcidDevice, PowerOnGivesTheAtrInADataBlock) {
  Fixture f;
  const auto r = f.exchange(hex("62 00000000 00 07 00 0000"));
  ASSERT_GE(r.size(), 10u);
  EXPECT_EQ(at(r, 0), 0x80);  // RDR_to_PC_DataBlock
  EXPECT_EQ(at(r, 6), 0x07);  // bSeq echoed
  EXPECT_EQ(at(r, 7), 0x00);  // processed, ICC active
  EXPECT_EQ(Bytes(r.begin() + 10, r.end()), f.sim->slot(0).card().atr);
  const auto off = f.exchange(hex("63 00000000 00 08 00 0000"));
  EXPECT_EQ(off, hex("81 00000000 00 08 01 00 00"));  // inactive, processed
}

TEST(CcidDevice, MalformedAndUnknownMessagesGetTheirErrors) {
  Fixture f;
  // An unknown bMessageType: SlotStatus, failed, CMD_NOT_SUPPORTED.
  EXPECT_EQ(f.exchange(hex("99 00000000 00 01 00 0000")), hex("81 00000000 00 01 41 00 00"));
  // A slot the reader lacks: bError 5, ICC absent.
  EXPECT_EQ(f.exchange(hex("65 00000000 03 02 00 0000")), hex("81 00000000 03 02 42 05 00"));
  // A bad bPowerSelect: bError 7.
  EXPECT_EQ(f.exchange(hex("62 00000000 00 03 09 0000")), hex("80 00000000 00 03 41 07 00"));
  // Escape is closed: RDR_to_PC_Escape with CMD_NOT_SUPPORTED.
  EXPECT_EQ(f.exchange(hex("6B 01000000 00 04 00 0000 AA")), hex("83 00000000 00 04 41 00 00"));
  // SetParameters with a protocol number of 2.
  EXPECT_EQ(f.exchange(hex("61 05000000 00 05 02 0000 1100000A00")),
            hex("82 00000000 00 05 41 07 00"));
}

TEST(CcidDevice, AnOversizedMessageIsRefusedAndItsBytesSkipped) {
  Fixture f;
  // dwLength 0x10000 on a 271-byte profile: refused at once, then 0x10000 bytes ignored.
  Bytes huge = hex("6F 00000100 00 09 00 0000");
  huge.resize(10 + 4000);
  f.out(huge);
  EXPECT_EQ(f.in().value_or(usbip::UrbResult{}).data, hex("80 00000000 00 09 41 01 00"));
  f.out(Bytes(0x10000 - 4000));
  EXPECT_EQ(f.exchange(hex("65 00000000 00 0A 00 0000")), hex("81 00000000 00 0A 01 00 00"));
}

TEST(CcidDevice, MessagesMayBeSplitAndJoinedAcrossTransfers) {
  Fixture f("apdu", {"profile=t1", "slots=2"});
  const auto one = hex("65 00000000 00 01 00 0000");
  const auto two = hex("65 00000000 01 02 00 0000");  // another slot: not busy
  f.out(Bytes(one.begin(), one.begin() + 4));
  Bytes rest(one.begin() + 4, one.end());
  rest.insert(rest.end(), two.begin(), two.end());
  f.out(rest);
  EXPECT_EQ(at(f.in().value_or(usbip::UrbResult{}).data, 6), 0x01);
  EXPECT_EQ(at(f.in().value_or(usbip::UrbResult{}).data, 6), 0x02);
}

TEST(CcidDevice, ASecondCommandForABusySlotIsRefused) {
  Fixture f("apdu", {"profile=t1"});
  ASSERT_TRUE(f.sim->command({"fault", "slow", "ms=300"}).ok);
  f.exchange(hex("62 00000000 00 01 00 0000"));
  f.out(hex("6F 05000000 00 02 00 0000 8030000000"));
  f.out(hex("65 00000000 00 03 00 0000"));
  const auto busy = f.in().value_or(usbip::UrbResult{}).data;
  EXPECT_EQ(busy, hex("81 00000000 00 03 40 E0 00"));  // CMD_SLOT_BUSY, ICC active
  const auto answer = f.in(2, 65600, 5s).value_or(usbip::UrbResult{}).data;
  EXPECT_EQ(at(answer, 6), 0x02);
  EXPECT_EQ(Bytes(answer.begin() + 10, answer.end()), hex("9000"));
}

TEST(CcidDevice, ResponsesLongerThanTheTransferComeInPieces) {
  Fixture f;
  f.out(hex("62 00000000 00 01 00 0000"));
  const auto first = f.in(2, 4);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->data.size(), 4u);
  const auto rest = f.in(2, 64);
  ASSERT_TRUE(rest);
  EXPECT_EQ(at(rest->data, 2), 0x01);  // bSeq, after the last byte of dwLength and bSlot
  EXPECT_EQ(10 + f.sim->slot(0).card().atr.size(), 4 + rest->data.size());
}

TEST(CcidDevice, UnlinkWithdrawsAWaitingTransferAndDetachDropsTheRest) {
  Fixture f;
  Completed never;
  usbip::Urb urb;
  urb.seqnum = 77;
  urb.endpoint = 2;
  urb.direction = usbip::Direction::in;
  urb.length = 64;
  f.device->submit(urb, never.sink());
  EXPECT_TRUE(f.device->unlink(77));
  EXPECT_FALSE(f.device->unlink(77));
  f.out(hex("65 00000000 00 01 00 0000"));
  urb.seqnum = 78;
  f.device->submit(urb, never.sink());
  EXPECT_TRUE(never.wait());
  EXPECT_FALSE(f.device->unlink(78));  // already completed
  never.result.reset();
  urb.seqnum = 79;
  f.device->submit(urb, never.sink());
  f.device->detach();
  EXPECT_FALSE(never.wait(100ms));
  f.device->attach();
  EXPECT_EQ(f.exchange(hex("65 00000000 00 02 00 0000")), hex("81 00000000 00 02 01 00 00"));
}

TEST(CcidDevice, NotifySlotChangeReportsInsertionAndRemoval) {
  Fixture f("apdu", {"profile=t1", "slots=2"});
  // After attach, the first interrupt transfer reports both cards present and changed.
  EXPECT_EQ(f.interrupt(), hex("50 0F"));
  ASSERT_TRUE(f.sim->command({"card", "remove", "slot=1"}).ok);
  EXPECT_EQ(f.interrupt(), hex("50 09"));  // slot 0 present; slot 1 absent, changed
  // Nothing changed: the transfer waits.
  EXPECT_FALSE(f.in(3, 8, 150ms));
  ASSERT_TRUE(f.sim->command({"card", "insert", "slot=1"}).ok);
  EXPECT_EQ(f.interrupt(), hex("50 0D"));  // slot 1 present, changed
}

// The card side of T=1 as a host's T=1 engine meets it.
TEST(T1Responder, ChainsBothWaysAndAnswersSBlocks) {
  T1Responder card;
  Bytes ran;
  const ApduRunner run = [&](std::span<const std::byte> apdu) -> Result<Bytes> {
    ran.assign(apdu.begin(), apdu.end());
    Bytes answer(40, std::byte{0xAB});
    answer.push_back(std::byte{0x90});
    answer.push_back(std::byte{0x00});
    return answer;
  };
  const auto block = [](std::uint8_t pcb, Bytes inf) {
    std::array<std::byte, t1::MAX_BLOCK> out{};
    const auto n = t1::build_block(out, 0, pcb, inf, Edc::lrc);
    return Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
  };
  // S(IFS request 16) → S(IFS response 16): replies now carry at most 16 bytes.
  EXPECT_EQ(*card.answer(block(0xC1, hex("10")), Edc::lrc, run), block(0xE1, hex("10")));
  // I(0, M) → R(1); I(1) ends the command.
  EXPECT_EQ(*card.answer(block(0x20, hex("80 32 00 00")), Edc::lrc, run), block(0x90, {}));
  auto first = *card.answer(block(0x40, hex("02 01 02")), Edc::lrc, run);
  EXPECT_EQ(ran, hex("80 32 00 00 02 01 02"));
  EXPECT_EQ(at(first, 1), 0x20);  // I(0, M)
  EXPECT_EQ(at(first, 2), 16);
  // R(0) repeats it; R(1) acknowledges and gets the next.
  EXPECT_EQ(*card.answer(block(0x80, {}), Edc::lrc, run), first);
  EXPECT_EQ(at(*card.answer(block(0x90, {}), Edc::lrc, run), 1), 0x60);  // I(1, M)
  EXPECT_EQ(at(*card.answer(block(0x80, {}), Edc::lrc, run), 1), 0x00);  // I(0), 10 bytes
  // A block with a wrong LRC: R(N(R) = expected N(S) of the host = 0, EDC error).
  auto bad = block(0x00, hex("80 30 00 00"));
  bad.back() ^= std::byte{0xFF};
  EXPECT_EQ(*card.answer(bad, Edc::lrc, run), block(0x81, {}));
  // S(RESYNCH request) → S(RESYNCH response), sequence numbers back to 0.
  EXPECT_EQ(*card.answer(block(0xC0, {}), Edc::lrc, run), block(0xE0, {}));
}

}  // namespace
}  // namespace readerkit::ccid_device
