// SPDX-License-Identifier: MIT
// A pcap file written on its own thread (docs/trace.md "Writing"): callers queue packets and
// return at once; the thread writes them every 20 ms (sooner when the queue fills or on
// flush()); the queue is bounded in bytes. When it is full a writer either waits for
// the disk (a CLI run, where every record counts) or drops the packet and counts it (a
// daemon such as pcscd, which must never wait on a slow disk). Files rotate by size.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "readerkit/bytes.hpp"
#include "readerkit/result.hpp"

namespace readerkit {

struct PcapWriterOptions {
  std::string path;
  /// When a file would grow past this many bytes it is renamed PATH.1 (replacing an older
  /// one) and a new PATH begins. 0: never.
  std::uint64_t max_file_bytes = 0;
  /// Bytes of packets waiting for the disk at most.
  std::size_t max_queue_bytes = std::size_t{8} << 20;
  /// Full queue: false waits for room, true drops the packet (counted in dropped()).
  bool drop_when_full = false;
};

/// Microseconds since the Unix epoch: the timestamps of trace records.
std::uint64_t pcap_now_us();

class PcapWriter {
 public:
  /// Makes the packet that reports `count` dropped packets (written once room is back).
  using DropNotice = std::function<Bytes(std::uint64_t count)>;

  /// Creates the file and its writer thread. INVALID_PARAMETER when the file cannot be
  /// created (errno says why).
  static Result<std::unique_ptr<PcapWriter>> open(PcapWriterOptions options,
                                                  std::uint32_t linktype,
                                                  DropNotice notice = {});
  /// Writes everything queued, then closes the file.
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  /// Queues one packet; thread-safe. False when it was dropped.
  bool write(std::uint64_t time_us, Bytes packet);
  /// A packet written at the start of every file, the rotated ones too (a channel's name).
  void add_preamble(std::uint64_t time_us, Bytes packet);
  /// Returns once every packet queued before the call is in the file.
  void flush();
  std::uint64_t dropped() const;
  /// SUCCESS, or the failure that stopped writing (a full disk: DISK_FULL-like statuses are
  /// reported as INSUFFICIENT_RESOURCES).
  Status error() const;

 private:
  struct Item {
    std::uint64_t time_us;
    Bytes packet;
  };
  PcapWriter(PcapWriterOptions options, std::uint32_t linktype, DropNotice notice);
  bool start_file();
  void run();
  void write_item(const Item& item);

  const PcapWriterOptions options_;
  const std::uint32_t linktype_;
  const DropNotice notice_;
  std::FILE* file_ = nullptr;
  std::uint64_t file_bytes_ = 0;  // writer thread only

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Item> queue_;
  std::vector<Item> preamble_;
  std::size_t queued_bytes_ = 0;
  std::uint64_t dropped_ = 0;
  std::uint64_t reported_drops_ = 0;
  std::uint64_t queued_ = 0;   // packets ever queued
  std::uint64_t written_ = 0;  // packets ever taken off the queue
  bool stopping_ = false;
  bool flush_wanted_ = false;
  Status error_ = Status::SUCCESS;
  std::thread thread_;
};

}  // namespace readerkit
