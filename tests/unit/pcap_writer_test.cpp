// SPDX-License-Identifier: MIT
// pcap files: the format both ways, the writer's queue policies, rotation, damaged files.
#include "readerkit/pcap_writer.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "readerkit/pcap.hpp"
#include "readerkit/pcap_trace.hpp"
#include "readerkit/trace_format.hpp"

namespace readerkit {
namespace {

namespace fs = std::filesystem;

class PcapFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("readerkit-pcap-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const char* name) const { return (dir_ / name).string(); }

  /// Every packet of a file, or an empty vector with `status` set when reading failed.
  static std::vector<Bytes> read_all(const std::string& path, Status* status = nullptr,
                                     std::uint32_t* linktype = nullptr) {
    std::vector<Bytes> packets;
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return packets;
    auto reader = PcapReader::open(f);
    if (status) *status = reader.status();
    if (reader) {
      if (linktype) *linktype = reader->linktype();
      for (;;) {
        auto next = reader->next();
        if (!next) {
          if (status) *status = next.status();
          break;
        }
        if (!next->has_value()) break;
        packets.emplace_back((*next)->packet.begin(), (*next)->packet.end());
      }
    }
    std::fclose(f);
    return packets;
  }

  fs::path dir_;
};

Bytes packet_of(int n, std::size_t size = 10) {
  Bytes p(size, std::byte{0});
  p[0] = static_cast<std::byte>(n);
  p[1] = static_cast<std::byte>(n >> 8);
  return p;
}

TEST_F(PcapFiles, WrittenPacketsReadBackInOrder) {
  PcapWriterOptions options;
  options.path = path("a.pcap");
  {
    auto writer = PcapWriter::open(options, LINKTYPE_WIRESHARK_UPPER_PDU);
    ASSERT_TRUE(writer);
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE((*writer)->write(pcap_now_us(), packet_of(i)));
  }
  Status status = Status::SUCCESS;
  std::uint32_t linktype = 0;
  const auto packets = read_all(options.path, &status, &linktype);
  EXPECT_EQ(status, Status::SUCCESS);
  EXPECT_EQ(linktype, LINKTYPE_WIRESHARK_UPPER_PDU);
  ASSERT_EQ(packets.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(packets[i], packet_of(i));
}

TEST_F(PcapFiles, WaitingWriterLosesNothingThroughATinyQueue) {
  PcapWriterOptions options;
  options.path = path("wait.pcap");
  options.max_queue_bytes = 64;  // about two packets
  auto writer = PcapWriter::open(options, LINKTYPE_WIRESHARK_UPPER_PDU);
  ASSERT_TRUE(writer);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) (*writer)->write(pcap_now_us(), packet_of(t * 1000 + i));
    });
  for (auto& t : threads) t.join();
  (*writer)->flush();
  EXPECT_EQ((*writer)->dropped(), 0u);
  EXPECT_EQ(read_all(options.path).size(), 2000u);
}

TEST_F(PcapFiles, DroppingWriterCountsWhatItDroppedAndSaysSoInTheFile) {
  PcapTraceOptions options;
  options.file.path = path("drop.pcap");
  options.file.max_queue_bytes = 200;
  options.file.drop_when_full = true;
  std::uint64_t dropped = 0;
  {
    auto trace = PcapTrace::open(options);
    ASSERT_TRUE(trace);
    const Bytes data(100, std::byte{0x55});
    for (int i = 0; i < 20000; ++i) {
      auto r = TraceRecord::of(TraceEvent::t0_data);
      r.data = data;
      (*trace)->record(r);
    }
    (*trace)->flush();
    dropped = (*trace)->dropped();
  }
  ASSERT_GT(dropped, 0u) << "20000 records through a 200-byte queue: some must be dropped";
  std::uint64_t kept = 0, reported = 0;
  for (const Bytes& packet : read_all(options.file.path)) {
    auto decoded = decode_trace_packet(packet);
    ASSERT_TRUE(decoded);
    if (decoded->record.event == TraceEvent::dropped) reported += decoded->record.value;
    else ++kept;
  }
  EXPECT_EQ(kept + dropped, 20000u);
  EXPECT_EQ(reported, dropped);
}

TEST_F(PcapFiles, RotationKeepsOneOlderFileAndRepeatsThePreamble) {
  PcapTraceOptions options;
  options.file.path = path("rot.pcap");
  options.file.max_file_bytes = 4096;
  {
    auto trace = PcapTrace::open(options);
    ASSERT_TRUE(trace);
    auto channel = (*trace)->channel(2, "sim slot 2");
    const Bytes data(200, std::byte{1});
    for (int i = 0; i < 100; ++i) {
      auto r = TraceRecord::of(TraceEvent::t0_data);
      r.data = data;
      channel->record(r);
    }
  }
  EXPECT_LE(fs::file_size(options.file.path), 4096u);
  EXPECT_LE(fs::file_size(options.file.path + ".1"), 4096u);
  for (const std::string& file : {options.file.path, options.file.path + ".1"}) {
    const auto packets = read_all(file);
    ASSERT_FALSE(packets.empty());
    auto first = decode_trace_packet(packets.front());
    ASSERT_TRUE(first);
    EXPECT_EQ(first->record.event, TraceEvent::reader) << file;
    EXPECT_EQ(first->record.label, "sim slot 2");
    EXPECT_EQ(first->channel, 2u);
  }
}

TEST_F(PcapFiles, FileThatCannotBeCreatedIsAnError) {
  PcapWriterOptions options;
  options.path = path("no/such/dir.pcap");
  EXPECT_EQ(PcapWriter::open(options, LINKTYPE_WIRESHARK_UPPER_PDU).status(),
            Status::INVALID_PARAMETER);
}

TEST_F(PcapFiles, DamagedFilesEndInAnErrorNotAnOverread) {
  PcapWriterOptions options;
  options.path = path("good.pcap");
  {
    auto writer = PcapWriter::open(options, LINKTYPE_WIRESHARK_UPPER_PDU);
    ASSERT_TRUE(writer);
    for (int i = 0; i < 3; ++i) (*writer)->write(1, packet_of(i, 100));
  }
  std::ifstream in(options.path, std::ios::binary);
  const std::string whole((std::istreambuf_iterator<char>(in)), {});
  const auto write = [&](const char* name, const std::string& bytes) {
    std::ofstream(path(name), std::ios::binary) << bytes;
    return path(name);
  };
  Status status = Status::SUCCESS;
  // Cut inside the last record.
  EXPECT_EQ(read_all(write("cut.pcap", whole.substr(0, whole.size() - 5)), &status).size(), 2u);
  EXPECT_EQ(status, Status::INVALID_PARAMETER);
  // A record length of 4 GiB.
  std::string huge = whole;
  huge[24 + 8] = huge[24 + 9] = huge[24 + 10] = huge[24 + 11] = '\xFF';
  EXPECT_TRUE(read_all(write("huge.pcap", huge), &status).empty());
  EXPECT_EQ(status, Status::INVALID_PARAMETER);
  // Not pcap; pcapng.
  read_all(write("text.pcap", "hello, this is not a capture file"), &status);
  EXPECT_EQ(status, Status::INVALID_PARAMETER);
  read_all(write("ng.pcap", std::string("\x0A\x0D\x0D\x0A", 4) + std::string(40, '\0')), &status);
  EXPECT_EQ(status, Status::NOT_SUPPORTED);
  // Big-endian files with nanosecond timestamps read too.
  std::string be = "\xA1\xB2\x3C\x4D" + std::string("\x00\x02\x00\x04", 4) + std::string(8, '\0') +
                   std::string("\x00\x04\x00\x00\x00\x00\x00\xFC", 8) +
                   std::string("\x00\x00\x00\x01\x00\x00\x07\xD0\x00\x00\x00\x02\x00\x00\x00\x02", 16) + "AB";
  std::FILE* f = std::fopen(write("be.pcap", be).c_str(), "rb");
  auto reader = PcapReader::open(f);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->linktype(), LINKTYPE_WIRESHARK_UPPER_PDU);
  auto next = reader->next();
  ASSERT_TRUE(next && next->has_value());
  EXPECT_EQ((*next)->time_us, 1'000'002u);
  EXPECT_EQ((*next)->packet.size(), 2u);
  std::fclose(f);
}

}  // namespace
}  // namespace readerkit
