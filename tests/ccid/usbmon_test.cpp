// SPDX-License-Identifier: MIT
// The usbmon decorator on a scripted USB reader: a power-on, an XfrBlock, a bulk-in timeout,
// the ABORT class request and an interrupt NotifySlotChange go through it, and the pcap file
// is read back and compared record by record, byte by byte, with what the kernel's usbmon
// would have written (Documentation/usb/usbmon.rst); the enumeration preamble opens every
// file, rotated ones too; a file that cannot be created fails the open with one line.
#include "readerkit/ccid/usbmon_transport.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <unistd.h>

#include "fake_usb.hpp"
#include "readerkit/pcap.hpp"

namespace readerkit::ccid {
namespace {

using testing::FakeUsb;
using testing::fake_configuration_descriptor;
using testing::fake_device_descriptor;
using testing::frame;
using testing::hex;

struct Packet {
  std::uint64_t time_us;
  Bytes bytes;
};

std::vector<Packet> read_pcap(const std::string& path) {
  std::vector<Packet> out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  EXPECT_NE(f, nullptr) << path;
  if (f == nullptr) return out;
  auto reader = PcapReader::open(f);
  EXPECT_TRUE(reader);
  if (reader) {
    EXPECT_EQ(reader->linktype(), 220u);  // LINKTYPE_USB_LINUX_MMAPPED
    while (true) {
      auto next = reader->next();
      EXPECT_TRUE(next);
      if (!next || !*next) break;
      out.push_back({(*next)->time_us, Bytes((*next)->packet.begin(), (*next)->packet.end())});
    }
  }
  std::fclose(f);
  return out;
}

// Each test writes its files in a directory of its own, removed when it ends.
class CcidUsbmon : public ::testing::Test {
 protected:
  CcidUsbmon() { std::filesystem::create_directories(dir_); }
  ~CcidUsbmon() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("readerkit-usbmon-" + std::to_string(::getpid()));
};

// What one record must hold, field by field (the header layout is written out below from
// the kernel's struct usbmon_packet, independently of the code under test).
struct Expected {
  std::uint64_t id;
  char type;  // 'S' or 'C'
  std::uint8_t xfer;
  std::uint8_t epnum;
  char flag_setup;  // 0: SETUP present
  char flag_data;   // 0: data present (or an empty transfer)
  std::int32_t status;
  std::uint32_t length;
  const char* setup;  // hex, "" when none
  std::int32_t interval;
  std::uint32_t xfer_flags;
  Bytes data;
};

constexpr std::uint8_t kDevnum = 5;
constexpr std::uint16_t kBusnum = 1;

Bytes le(std::uint64_t v, std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::byte>(v >> (8 * i));
  return b;
}

// The 64-byte header with ts_sec and ts_usec zero (the test checks the time separately).
Bytes header_of(const Expected& e) {
  Bytes h;
  auto add = [&](const Bytes& b) { h.insert(h.end(), b.begin(), b.end()); };
  add(le(e.id, 8));                                         //  0 id
  add({std::byte(e.type), std::byte{e.xfer}, std::byte{e.epnum}, std::byte{kDevnum}});
  add(le(kBusnum, 2));                                      // 12 busnum
  add({std::byte(e.flag_setup), std::byte(e.flag_data)});   // 14 flag_setup, flag_data
  add(Bytes(12));                                           // 16 ts_sec, 24 ts_usec
  add(le(static_cast<std::uint32_t>(e.status), 4));         // 28 status
  add(le(e.length, 4));                                     // 32 length
  add(le(e.data.size(), 4));                                // 36 len_cap
  add(*e.setup ? hex(e.setup) : Bytes(8));                  // 40 setup
  add(le(static_cast<std::uint32_t>(e.interval), 4));       // 48 interval
  add(Bytes(4));                                            // 52 start_frame
  add(le(e.xfer_flags, 4));                                 // 56 xfer_flags
  add(Bytes(4));                                            // 60 ndesc
  return h;
}

std::uint64_t time_of(const Bytes& record) {
  std::uint64_t sec = 0;
  for (int i = 7; i >= 0; --i) sec = sec << 8 | std::to_integer<std::uint64_t>(record[16 + i]);
  const std::uint32_t usec = load_le32(std::span(record).subspan(24, 4));
  return sec * 1'000'000 + usec;
}

Bytes without_time(Bytes record) {
  std::fill(record.begin() + 16, record.begin() + 28, std::byte{0});
  return record;
}

struct Session {
  std::string path;
  FakeUsb* usb = nullptr;
  std::unique_ptr<UsbmonTransport> usbmon;
  std::string error;

  explicit Session(std::string file, std::uint64_t max_file_bytes = 0) : path(std::move(file)) {
    auto fake = std::make_unique<FakeUsb>();
    usb = fake.get();
    UsbmonDevice device{kBusnum, kDevnum, 0, fake_device_descriptor(),
                        fake_configuration_descriptor()};
    PcapWriterOptions options;
    options.path = path;
    options.max_file_bytes = max_file_bytes;
    usbmon = UsbmonTransport::open(std::move(fake), device, options, error);
  }
};

const Bytes kAtr = hex("3B 02 14 50 06");
const Bytes kPowerOn = hex("62 00000000 00 00 00 0000");
const Bytes kXfr = hex("6F 05000000 00 01 00 0000 00A4040000");
const Bytes kGetSlotStatus = hex("65 00000000 00 02 00 0000");
const Bytes kNotify = hex("50 02");  // slot 0: card absent, changed

TEST_F(CcidUsbmon, EveryTransferIsASubmissionAndACompletionByteForByte) {
  Session s(path("session.pcap"));
  ASSERT_TRUE(s.usbmon) << s.error;
  UsbmonTransport& t = *s.usbmon;
  Bytes buffer(320);  // what the channel asks for: 271-byte messages in whole 64-byte packets
  const Bytes data_block = frame(0x80, 0, 0, 0x00, 0, 0, kAtr);
  const Bytes reply = frame(0x80, 0, 1, 0x00, 0, 0, hex("6100"));

  // Power on and its DataBlock with the ATR.
  ASSERT_EQ(t.bulk_out(kPowerOn, Millis(100)), Status::SUCCESS);
  s.usb->queue_in(data_block);
  ASSERT_EQ(*t.bulk_in(buffer, Millis(100)), data_block.size());
  // An XfrBlock and its answer.
  ASSERT_EQ(t.bulk_out(kXfr, Millis(100)), Status::SUCCESS);
  s.usb->queue_in(reply);
  ASSERT_EQ(*t.bulk_in(buffer, Millis(100)), reply.size());
  // A command the reader does not answer: the read times out, the host aborts.
  ASSERT_EQ(t.bulk_out(kGetSlotStatus, Millis(100)), Status::SUCCESS);
  EXPECT_EQ(t.bulk_in(buffer, Millis(100)).status(), Status::IO_TIMEOUT);
  ASSERT_EQ(t.control_abort(0, 3), Status::SUCCESS);
  // The interrupt endpoint: a NotifySlotChange, then a wait that times out (the transfer
  // stays submitted: no record), then the cancellation at close.
  Bytes notify(64);
  s.usb->push_interrupt(kNotify);
  ASSERT_EQ(*t.interrupt_in(notify, Millis(100)), 2u);
  EXPECT_EQ(t.interrupt_in(notify, Millis(10)).status(), Status::IO_TIMEOUT);
  t.cancel_interrupt();
  EXPECT_EQ(t.interrupt_in(notify, Millis(10)).status(), Status::CANCELLED);
  ASSERT_EQ(s.usb->sent, (std::vector<Bytes>{kPowerOn, kXfr, kGetSlotStatus}));
  EXPECT_EQ(s.usb->aborts, (std::vector<std::pair<std::uint8_t, std::uint8_t>>{{0, 3}}));
  s.usbmon.reset();  // closes the file

  const Bytes device = fake_device_descriptor();
  const Bytes config = fake_configuration_descriptor();
  const Bytes none;
  // xfer: 2 control, 3 bulk, 1 interrupt. Status: -115 EINPROGRESS, -110 ETIMEDOUT, -2 ENOENT.
  // flag_data: '<' IN submission, '>' OUT completion. xfer_flags 0x200: URB_DIR_IN.
  const std::vector<Expected> expected{
      {1, 'S', 2, 0x80, 0, '<', -115, 18, "80 06 0001 0000 1200", 0, 0x200, none},
      {1, 'C', 2, 0x80, '-', 0, 0, 18, "", 0, 0x200, device},
      {2, 'S', 2, 0x80, 0, '<', -115, 93, "80 06 0002 0000 5D00", 0, 0x200, none},
      {2, 'C', 2, 0x80, '-', 0, 0, 93, "", 0, 0x200, config},
      {3, 'S', 3, 0x01, '-', 0, -115, 10, "", 0, 0, kPowerOn},
      {3, 'C', 3, 0x01, '-', '>', 0, 10, "", 0, 0, none},
      {4, 'S', 3, 0x82, '-', '<', -115, 320, "", 0, 0x200, none},
      {4, 'C', 3, 0x82, '-', 0, 0, 15, "", 0, 0x200, data_block},
      {5, 'S', 3, 0x01, '-', 0, -115, 15, "", 0, 0, kXfr},
      {5, 'C', 3, 0x01, '-', '>', 0, 15, "", 0, 0, none},
      {6, 'S', 3, 0x82, '-', '<', -115, 320, "", 0, 0x200, none},
      {6, 'C', 3, 0x82, '-', 0, 0, 12, "", 0, 0x200, reply},
      {7, 'S', 3, 0x01, '-', 0, -115, 10, "", 0, 0, kGetSlotStatus},
      {7, 'C', 3, 0x01, '-', '>', 0, 10, "", 0, 0, none},
      {8, 'S', 3, 0x82, '-', '<', -115, 320, "", 0, 0x200, none},
      {8, 'C', 3, 0x82, '-', 0, -110, 0, "", 0, 0x200, none},
      // ABORT: class request to interface 0, wValue = bSeq << 8 | bSlot, no data stage.
      {9, 'S', 2, 0x00, 0, 0, -115, 0, "21 01 0003 0000 0000", 0, 0, none},
      {9, 'C', 2, 0x00, '-', '>', 0, 0, "", 0, 0, none},
      {10, 'S', 1, 0x83, '-', '<', -115, 64, "", 16, 0x200, none},
      {10, 'C', 1, 0x83, '-', 0, 0, 2, "", 16, 0x200, kNotify},
      {11, 'S', 1, 0x83, '-', '<', -115, 64, "", 16, 0x200, none},
      {11, 'C', 1, 0x83, '-', 0, -2, 0, "", 16, 0x200, none},
  };
  const auto packets = read_pcap(s.path);
  ASSERT_EQ(packets.size(), expected.size());
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const Bytes& got = packets[i].bytes;
    Bytes want = header_of(expected[i]);
    want.insert(want.end(), expected[i].data.begin(), expected[i].data.end());
    EXPECT_EQ(to_hex(without_time(got)), to_hex(want)) << "record " << i + 1;
    ASSERT_GE(got.size(), USBMON_HEADER_SIZE);
    EXPECT_EQ(time_of(got), packets[i].time_us) << "record " << i + 1;
    EXPECT_GE(packets[i].time_us, previous) << "record " << i + 1;
    previous = packets[i].time_us;
  }
  // One record written out in full, as usbmon.rst lays it out: the ABORT submission.
  EXPECT_EQ(to_hex(without_time(packets[16].bytes)),
            to_hex(hex("0900000000000000 53 02 00 05 0100 00 00 0000000000000000 00000000"
                       "8DFFFFFF 00000000 00000000 2101000300000000 00000000 00000000"
                       "00000000 00000000")));
}

TEST_F(CcidUsbmon, EveryRotatedFileOpensWithTheEnumeration) {
  Session s(path("rotated.pcap"), 1024);
  ASSERT_TRUE(s.usbmon) << s.error;
  for (int i = 0; i < 12; ++i) ASSERT_EQ(s.usbmon->bulk_out(kXfr, Millis(10)), Status::SUCCESS);
  s.usbmon.reset();
  for (const auto& path : {s.path + ".1", s.path}) {
    const auto packets = read_pcap(path);
    ASSERT_GT(packets.size(), 4u) << path;
    // GET_DESCRIPTOR(DEVICE) and GET_DESCRIPTOR(CONFIGURATION), request and response.
    EXPECT_EQ(std::to_integer<int>(packets[0].bytes[8]), 'S') << path;
    EXPECT_EQ(Bytes(packets[0].bytes.begin() + 40, packets[0].bytes.begin() + 48),
              hex("80 06 0001 0000 1200")) << path;
    EXPECT_EQ(Bytes(packets[1].bytes.begin() + 64, packets[1].bytes.end()),
              fake_device_descriptor()) << path;
    EXPECT_EQ(Bytes(packets[2].bytes.begin() + 40, packets[2].bytes.begin() + 48),
              hex("80 06 0002 0000 5D00")) << path;
    EXPECT_EQ(Bytes(packets[3].bytes.begin() + 64, packets[3].bytes.end()),
              fake_configuration_descriptor()) << path;
    EXPECT_EQ(std::to_integer<int>(packets[4].bytes[9]), 3) << path;  // then bulk transfers
  }
}

TEST_F(CcidUsbmon, FailuresBecomeNegativeErrnoStatuses) {
  Session s(path("unplugged.pcap"));
  ASSERT_TRUE(s.usbmon) << s.error;
  s.usb->unplugged = true;
  Bytes buffer(64);
  EXPECT_EQ(s.usbmon->bulk_out(kPowerOn, Millis(10)), Status::DELETE_PENDING);
  EXPECT_EQ(s.usbmon->bulk_in(buffer, Millis(10)).status(), Status::DELETE_PENDING);
  s.usbmon.reset();
  const auto packets = read_pcap(s.path);
  ASSERT_EQ(packets.size(), 8u);
  // The OUT completion: nothing was sent (length 0), -ENODEV; the IN one the same.
  for (std::size_t i : {5u, 7u}) {
    EXPECT_EQ(std::to_integer<int>(packets[i].bytes[8]), 'C');
    EXPECT_EQ(static_cast<std::int32_t>(load_le32(std::span(packets[i].bytes).subspan(28, 4))),
              -19);
    EXPECT_EQ(load_le32(std::span(packets[i].bytes).subspan(32, 4)), 0u);
  }
}

TEST_F(CcidUsbmon, AFileThatCannotBeCreatedFailsTheOpenWithOneLine) {
  std::string error;
  PcapWriterOptions options;
  options.path = "/nonexistent-readerkit-dir/usb.pcap";
  auto t = UsbmonTransport::open(std::make_unique<FakeUsb>(),
                                 {kBusnum, kDevnum, 0, fake_device_descriptor(),
                                  fake_configuration_descriptor()},
                                 options, error);
  EXPECT_FALSE(t);
  EXPECT_EQ(error,
            "usbmon: cannot create /nonexistent-readerkit-dir/usb.pcap: No such file or directory");
}

TEST_F(CcidUsbmon, AnInterfaceWithoutBulkEndpointsIsRefused) {
  std::string error;
  PcapWriterOptions options;
  options.path = path("refused.pcap");
  // Interface 1 does not exist in the configuration.
  auto t = UsbmonTransport::open(std::make_unique<FakeUsb>(),
                                 {kBusnum, kDevnum, 1, fake_device_descriptor(),
                                  fake_configuration_descriptor()},
                                 options, error);
  EXPECT_FALSE(t);
  EXPECT_EQ(error, "usbmon: the configuration descriptor has no bulk endpoints for interface 1");
}

}  // namespace
}  // namespace readerkit::ccid
