// SPDX-License-Identifier: MIT
// PcapWriter: a bounded queue in front of a pcap file, emptied by one thread.
#include "readerkit/pcap_writer.hpp"

#include <chrono>
#include <cstdio>

#include "readerkit/pcap.hpp"

namespace readerkit {
namespace {

/// How long a record may wait in the queue when nobody asks for it: the file is at most this
/// far behind the reader.
constexpr std::chrono::milliseconds kWriterPeriod{20};

}  // namespace

std::uint64_t pcap_now_us() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

Result<std::unique_ptr<PcapWriter>> PcapWriter::open(PcapWriterOptions options,
                                                     std::uint32_t linktype, DropNotice notice) {
  std::unique_ptr<PcapWriter> writer(new PcapWriter(std::move(options), linktype, std::move(notice)));
  if (!writer->start_file()) return Status::INVALID_PARAMETER;
  writer->thread_ = std::thread([w = writer.get()] { w->run(); });
  return writer;
}

PcapWriter::PcapWriter(PcapWriterOptions options, std::uint32_t linktype, DropNotice notice)
    : options_(std::move(options)), linktype_(linktype), notice_(std::move(notice)) {}

PcapWriter::~PcapWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (file_) std::fclose(file_);
}

bool PcapWriter::start_file() {
  file_ = std::fopen(options_.path.c_str(), "wb");
  if (!file_) return false;
  const Bytes header = pcap_file_header(linktype_);
  file_bytes_ = std::fwrite(header.data(), 1, header.size(), file_);
  std::vector<Item> preamble;
  {
    std::lock_guard lock(mutex_);
    preamble = preamble_;
  }
  for (const Item& item : preamble) write_item(item);
  return file_bytes_ >= header.size();
}

bool PcapWriter::write(std::uint64_t time_us, Bytes packet) {
  std::unique_lock lock(mutex_);
  const std::size_t size = packet.size() + PCAP_RECORD_HEADER_SIZE;
  const auto room = [&] {
    return stopping_ || queued_bytes_ == 0 || queued_bytes_ + size <= options_.max_queue_bytes;
  };
  if (!room()) {
    if (options_.drop_when_full) {
      ++dropped_;
      return false;
    }
    changed_.wait(lock, room);
  }
  queued_bytes_ += size;
  ++queued_;
  queue_.push_back({time_us, std::move(packet)});
  // The writer wakes by itself every kWriterPeriod; a producer wakes it early only when a
  // quarter of the queue is used, so a traced exchange costs no futex call per record.
  const bool wake = queued_bytes_ >= options_.max_queue_bytes / 4;
  lock.unlock();
  if (wake) changed_.notify_all();
  return true;
}

void PcapWriter::add_preamble(std::uint64_t time_us, Bytes packet) {
  {
    std::lock_guard lock(mutex_);
    preamble_.push_back({time_us, packet});
  }
  write(time_us, std::move(packet));
}

void PcapWriter::flush() {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = queued_;
  flush_wanted_ = true;
  changed_.notify_all();
  changed_.wait(lock, [&] { return written_ >= target || error_ != Status::SUCCESS; });
}

std::uint64_t PcapWriter::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

Status PcapWriter::error() const {
  std::lock_guard lock(mutex_);
  return error_;
}

void PcapWriter::write_item(const Item& item) {
  const std::size_t size = item.packet.size() + PCAP_RECORD_HEADER_SIZE;
  const std::uint64_t header_bytes = PCAP_FILE_HEADER_SIZE;
  if (options_.max_file_bytes != 0 && file_bytes_ > header_bytes &&
      file_bytes_ + size > options_.max_file_bytes) {
    std::fclose(file_);
    file_ = nullptr;
    const std::string older = options_.path + ".1";
    std::rename(options_.path.c_str(), older.c_str());
    if (!start_file()) {
      std::lock_guard lock(mutex_);
      error_ = Status::INSUFFICIENT_RESOURCES;
    }
  }
  if (!file_) return;
  Bytes record;
  record.reserve(size);
  append_pcap_record(record, item.time_us, item.packet);
  if (std::fwrite(record.data(), 1, record.size(), file_) != record.size()) {
    std::lock_guard lock(mutex_);
    error_ = Status::INSUFFICIENT_RESOURCES;
  }
  file_bytes_ += record.size();
}

void PcapWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait_for(lock, kWriterPeriod, [&] {
      return stopping_ || flush_wanted_ || queued_bytes_ >= options_.max_queue_bytes / 4;
    });
    flush_wanted_ = false;
    if (queue_.empty() && stopping_) return;
    if (queue_.empty()) continue;
    std::deque<Item> batch;
    batch.swap(queue_);
    queued_bytes_ = 0;
    const std::uint64_t new_drops = dropped_ - reported_drops_;
    reported_drops_ = dropped_;
    const bool failed = error_ != Status::SUCCESS || file_ == nullptr;
    lock.unlock();
    changed_.notify_all();  // room again for waiting writers
    if (!failed) {
      for (const Item& item : batch) write_item(item);
      if (new_drops != 0 && notice_) write_item({pcap_now_us(), notice_(new_drops)});
      if (file_) std::fflush(file_);
    }
    lock.lock();
    written_ += batch.size();
    changed_.notify_all();
  }
}

}  // namespace readerkit
