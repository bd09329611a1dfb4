// SPDX-License-Identifier: MIT
// A CCID reader session on the fake USB, captured through the usbmon decorator and read by
// Debian's tshark with no options: Wireshark must learn the CCID interface from the capture's
// enumeration preamble and decode every bulk message with its own usbccid dissector. A
// missing tshark fails the test (scripts/install-deps.sh installs it).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "fake_usb.hpp"
#include "readerkit/ccid/ccid_reader.hpp"
#include "readerkit/ccid/usbmon_transport.hpp"
#include "readerkit/device.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/pcap.hpp"

namespace readerkit::ccid {
namespace {

using testing::at;
using testing::data_of;
using testing::FakeUsb;
using testing::fake_configuration_descriptor;
using testing::fake_device_descriptor;
using testing::frame;
using testing::hex;

constexpr const char* kTshark = "/usr/bin/tshark";
const std::vector<std::string> kFields{
    "frame.number",          "usb.urb_type",          "usb.transfer_type",
    "usb.endpoint_address",  "usb.urb_status",        "usb.bInterfaceClass",
    "usbccid.bMessageType",  "usbccid.bSlot",         "usbccid.bSeq",
    "usb.capdata",           "_ws.malformed",
};
using Row = std::map<std::string, std::string>;

const Bytes kAtr = hex("3B 02 14 50");
const Bytes kMuteApdu = hex("00 B0 0000 10");  // the card never answers this one

// A one-slot reader with a T=0 card: every command answered as a reader would.
Bytes reply(const Bytes& cmd) {
  const auto type = at(cmd, 0), slot = at(cmd, 5), seq = at(cmd, 6);
  switch (type) {
    case 0x65: return frame(0x81, slot, seq, 0x00, 0, 0);  // SlotStatus: card present
    case 0x63: return frame(0x81, slot, seq, 0x01, 0, 0);  // powered off
    case 0x62: return frame(0x80, slot, seq, 0x00, 0, 0, kAtr);
    case 0x61: return frame(0x82, slot, seq, 0x00, 0, at(cmd, 7), data_of(cmd));
    case 0x6F: return frame(0x80, slot, seq, 0x00, 0, 0, hex("9000"));
    default: return frame(0x81, slot, seq, 0x40, 0x00, 0);  // command not supported
  }
}

// ... except the XfrBlock carrying kMuteApdu, which gets nothing: the host's read times out.
std::vector<Bytes> answer(const Bytes& cmd) {
  std::vector<Bytes> out;
  if (at(cmd, 0) != 0x6F || data_of(cmd) != kMuteApdu) out.push_back(reply(cmd));
  return out;
}

std::string hex_byte(std::uint8_t b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", b);
  return text;
}

class CcidUsbmonTshark : public ::testing::Test {
 protected:
  CcidUsbmonTshark() { std::filesystem::create_directories(dir_); }
  ~CcidUsbmonTshark() override { std::filesystem::remove_all(dir_); }

  // Opens the reader on the fake USB through the decorator and runs the session: power on,
  // T=0 protocol, an APDU, an APDU the card never answers, a card removal on the interrupt
  // endpoint. Returns the bulk-out frames the fake saw.
  std::vector<Bytes> run_session() {
    auto fake = std::make_unique<FakeUsb>();
    FakeUsb* usb = fake.get();
    usb->set_responder(answer);
    const Bytes config = fake_configuration_descriptor();
    std::string error;
    PcapWriterOptions options;
    options.path = pcap_;
    auto usbmon = UsbmonTransport::open(
        std::move(fake), {1, 5, 0, fake_device_descriptor(), config}, options, error);
    EXPECT_TRUE(usbmon) << error;
    if (!usbmon) return {};
    auto descriptor = parse_class_descriptor(std::span(config).subspan(18, 54));
    EXPECT_TRUE(descriptor);
    UsbIdentity id;
    id.vendor_id = 0x1234;
    id.product_id = 0x5678;
    id.bus = 1;
    id.address = 5;
    id.product = "Scripted";
    auto reader = make_ccid_reader(std::move(usbmon), *descriptor, id, {}, error);
    EXPECT_TRUE(reader) << error;
    if (!reader) return {};
    Device& dev = reader->slot(0);
    Bytes out(300);
    EXPECT_EQ(dev.control(IOCTL_SMARTCARD_POWER, le32_bytes(1), out).status, Status::SUCCESS);
    EXPECT_EQ(dev.control(IOCTL_SMARTCARD_SET_PROTOCOL, le32_bytes(SCARD_PROTOCOL_T0), out).status,
              Status::SUCCESS);
    EXPECT_EQ(dev.control(IOCTL_SMARTCARD_TRANSMIT,
                          transmit_request(SCARD_PROTOCOL_T0, hex("00A4040000")), out)
                  .status,
              Status::SUCCESS);
    EXPECT_NE(dev.control(IOCTL_SMARTCARD_TRANSMIT,
                          transmit_request(SCARD_PROTOCOL_T0, kMuteApdu), out)
                  .status,
              Status::SUCCESS);
    usb->push_interrupt(hex("50 02"));  // slot 0: changed, absent
    for (int i = 0; i < 500 && dev.state() != CardState::SCARD_ABSENT; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(dev.state(), CardState::SCARD_ABSENT);
    const std::vector<Bytes> sent = usb->sent;
    reader.reset();  // closes the transport and the file
    return sent;
  }

  std::vector<Bytes> records() const {
    std::vector<Bytes> out;
    std::FILE* f = std::fopen(pcap_.c_str(), "rb");
    auto reader = PcapReader::open(f);
    EXPECT_TRUE(reader);
    while (reader) {
      auto next = reader->next();
      if (!next || !*next) break;
      out.emplace_back((*next)->packet.begin(), (*next)->packet.end());
    }
    if (f) std::fclose(f);
    return out;
  }

  // tshark's fields for every frame, read with no options beyond the file.
  std::vector<Row> tshark_rows() {
    std::string command = std::string(kTshark) + " -r '" + pcap_ +
                          "' -T fields -E separator='|' -E occurrence=f";
    for (const auto& f : kFields) command += " -e " + f;
    command += " 2>'" + (dir_ / "tshark.err").string() + "'";
    std::FILE* pipe = ::popen(command.c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    if (pipe == nullptr) return {};
    std::string text;
    char chunk[4096];
    while (std::size_t n = std::fread(chunk, 1, sizeof chunk, pipe)) text.append(chunk, n);
    const int rc = ::pclose(pipe);
    std::ifstream err(dir_ / "tshark.err");
    std::stringstream err_text;
    err_text << err.rdbuf();
    EXPECT_EQ(rc, 0) << err_text.str();
    tshark_output_ = text;
    std::vector<Row> rows;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      Row row;
      std::istringstream cells(line);
      std::string cell;
      for (const auto& f : kFields) {
        std::getline(cells, cell, '|');
        row[f] = cell;
        cell.clear();
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::filesystem::path dir_ = std::filesystem::temp_directory_path() /
                               ("readerkit-usbmon-tshark-" + std::to_string(::getpid()));
  std::string pcap_ = (dir_ / "usb.pcap").string();
  std::string tshark_output_;
};

TEST_F(CcidUsbmonTshark, WiresharkDecodesEveryCcidMessageWithNoSetup) {
  ASSERT_EQ(::access(kTshark, X_OK), 0)
      << kTshark << " is missing: scripts/install-deps.sh installs Debian's tshark";
  const std::vector<Bytes> sent = run_session();
  ASSERT_FALSE(sent.empty());
  const std::vector<Bytes> packets = records();
  const std::vector<Row> rows = tshark_rows();
  ASSERT_EQ(rows.size(), packets.size()) << tshark_output_;

  std::vector<Bytes> bulk_out;
  std::vector<std::uint8_t> types;
  int timeouts = 0, notifications = 0;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const Bytes& p = packets[i];
    const Row& row = rows[i];
    SCOPED_TRACE("frame " + row.at("frame.number") + ": " + to_hex(p));
    EXPECT_EQ(row.at("_ws.malformed"), "");
    const auto xfer = at(p, 9), endpoint = at(p, 10);
    const Bytes data(p.begin() + USBMON_HEADER_SIZE, p.end());
    if (xfer == 3 || xfer == 1) {
      EXPECT_EQ(row.at("usb.bInterfaceClass"), "0x0b");
    }
    if (xfer == 3 && !data.empty()) {
      // A CCID message: usbccid names its type, slot and sequence number.
      EXPECT_EQ(row.at("usbccid.bMessageType"), hex_byte(at(data, 0)));
      EXPECT_EQ(row.at("usbccid.bSlot"), std::to_string(at(data, 5)));
      EXPECT_EQ(row.at("usbccid.bSeq"), std::to_string(at(data, 6)));
      types.push_back(at(data, 0));
      if (endpoint == 0x01) bulk_out.push_back(data);
    }
    if (xfer == 3 && at(p, 8) == 'C' && row.at("usb.urb_status") == "-110") ++timeouts;
    if (xfer == 1 && !data.empty()) {
      // Wireshark 4.0's usbccid registers for bulk endpoints only: the NotifySlotChange is
      // the interrupt transfer's data, on the CCID interface (a later usbccid may decode it).
      const bool decoded = row.at("usbccid.bMessageType") == "0x50";
      EXPECT_TRUE(decoded || row.at("usb.capdata") == "5002") << row.at("usb.capdata");
      ++notifications;
    }
  }
  EXPECT_EQ(bulk_out, sent);  // every command the reader received, in order
  for (std::uint8_t type : std::vector<std::uint8_t>{0x65, 0x63, 0x62, 0x6F, 0x80, 0x81}) {
    EXPECT_NE(std::find(types.begin(), types.end(), type), types.end()) << hex_byte(type);
  }
  EXPECT_EQ(timeouts, 1);
  EXPECT_EQ(notifications, 1);
}

}  // namespace
}  // namespace readerkit::ccid
