// SPDX-License-Identifier: MIT
// bSeq numbering and response reassembly over the bulk endpoints (CCID §6).
#include "readerkit/ccid/channel.hpp"

#include <string>

namespace readerkit::ccid {
namespace {

// Bulk-in reads ask for whole 64-byte packets so a reader's short packet ends the transfer.
std::size_t read_size(std::size_t max_message_length) {
  return (std::max<std::size_t>(max_message_length, 64) + 63) / 64 * 64;
}

}  // namespace

Channel::Channel(UsbTransport& transport, ChannelLimits limits, Log log)
    : transport_(transport), limits_(limits), log_(std::move(log)) {}

Result<Response> Channel::transact(const Command& command) {
  std::lock_guard lock(mutex_);
  counters_ = {};
  return exchange(command);
}

Result<Response> Channel::exchange(const Command& command) {
  const std::uint8_t seq = next_seq_++;
  if (auto s = transport_.bulk_out(command.encode(seq), limits_.read_timeout);
      s != Status::SUCCESS) {
    return s;
  }
  unsigned skipped = 0;
  while (true) {
    auto frame = read_frame();
    if (!frame) return frame.status();
    auto response = parse_response(*frame);
    if (!response) return response.status();
    if (response->seq != seq || response->slot != command.slot) {
      // A late answer to an earlier (timed-out or aborted) command: not ours, drop it.
      ++counters_.stale_frames;
      log_(LogLevel::DRIVER, "ccid: dropped stale frame bSeq " + std::to_string(response->seq) +
                                 ", expected " + std::to_string(seq));
      if (++skipped > limits_.max_skipped_frames) return Status::DEVICE_PROTOCOL_ERROR;
      continue;
    }
    if (response->command_status() == CommandStatus::time_extension) {
      // §6.2.6: the reader needs more time; bError is the BWT/WWT multiplier. Wait again.
      if (++counters_.time_extensions > limits_.max_time_extensions) return Status::IO_TIMEOUT;
      continue;
    }
    return response;
  }
}

Result<Bytes> Channel::read_frame() {
  Bytes frame;
  Bytes chunk(read_size(limits_.max_message_length));
  unsigned empty_reads = 0;
  while (true) {
    auto got = transport_.bulk_in(chunk, limits_.read_timeout);
    if (!got) return got.status();
    if (*got == 0) {
      // Behind QEMU's xHCI a 64-byte frame is followed by a spurious zero-length transfer
      // (docs/ccid.md "The VM rig"); it carries nothing, so it is neither a frame nor a bSeq.
      ++counters_.zero_length_reads;
      log_(LogLevel::DRIVER, "ccid: skipped a zero-length bulk-in transfer");
      if (++empty_reads > limits_.max_skipped_frames) return Status::DEVICE_PROTOCOL_ERROR;
      continue;
    }
    frame.insert(frame.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(*got));
    auto want = message_length(frame);
    if (!want) continue;  // a header split over transfers
    if (*want > kHeaderSize + 65'546 + 64) return Status::DEVICE_PROTOCOL_ERROR;
    if (frame.size() == *want) return frame;
    if (frame.size() > *want) return Status::DEVICE_PROTOCOL_ERROR;
  }
}

Status Channel::abort(std::uint8_t slot) {
  std::lock_guard lock(mutex_);
  const std::uint8_t seq = next_seq_;
  if (auto s = transport_.control_abort(slot, seq); s != Status::SUCCESS) return s;
  auto response = exchange(ccid::abort(slot));
  return response ? Status::SUCCESS : response.status();
}

ChannelCounters Channel::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

}  // namespace readerkit::ccid
