// SPDX-License-Identifier: MIT
// PcapTrace: trace records encoded as upper-PDU packets and queued to a PcapWriter.
#include "readerkit/pcap_trace.hpp"

#include <algorithm>
#include <array>
#include <new>

#include "readerkit/pcap.hpp"
#include "readerkit/trace_format.hpp"

namespace readerkit {
namespace {

/// One device's view of a shared file.
class ChannelTrace : public Trace {
 public:
  ChannelTrace(std::shared_ptr<PcapTrace> file, std::uint32_t channel)
      : file_(std::move(file)), channel_(channel) {}
  void record(const TraceRecord& record) noexcept override { file_->record(record, channel_); }

 private:
  std::shared_ptr<PcapTrace> file_;
  std::uint32_t channel_;
};

Bytes drop_notice(std::uint64_t count) {
  auto record = TraceRecord::of(TraceEvent::dropped);
  record.value = static_cast<std::uint32_t>(std::min<std::uint64_t>(count, UINT32_MAX));
  Bytes packet;
  encode_trace_packet(record, 0, packet);
  return packet;
}

}  // namespace

Result<std::shared_ptr<PcapTrace>> PcapTrace::open(PcapTraceOptions options) {
  auto writer = PcapWriter::open(std::move(options.file), LINKTYPE_WIRESHARK_UPPER_PDU, drop_notice);
  if (!writer) return writer.status();
  return std::shared_ptr<PcapTrace>(new PcapTrace(std::move(*writer), options.mask_payload));
}

void PcapTrace::record(const TraceRecord& record) noexcept {
  this->record(record, 0);
}

void PcapTrace::record(const TraceRecord& record, std::uint32_t channel) noexcept {
  try {
    const std::uint64_t now = pcap_now_us();
    std::array<std::byte, 8> keep{};
    Bytes packet;
    encode_trace_packet(mask_ ? masked(record, keep) : record, channel, packet);
    writer_->write(now, std::move(packet));
  } catch (const std::exception&) {
    ++failed_;  // bad_alloc, or the writer thread's resources: the record is lost, counted
  }
}

std::shared_ptr<Trace> PcapTrace::channel(std::uint32_t channel, std::string_view reader_name) {
  std::lock_guard lock(channels_mutex_);
  if (auto known = channels_[channel].lock()) return known;
  auto record = TraceRecord::of(TraceEvent::reader);
  record.label = reader_name;
  Bytes packet;
  encode_trace_packet(record, channel, packet);
  writer_->add_preamble(pcap_now_us(), std::move(packet));
  // The channel keeps the file alive: a device's trace outlives whoever opened it.
  auto trace = std::make_shared<ChannelTrace>(shared_from_this(), channel);
  channels_[channel] = trace;
  return trace;
}

}  // namespace readerkit
