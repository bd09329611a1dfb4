// SPDX-License-Identifier: MIT
// A Trace that writes a pcap file Wireshark and tshark open (docs/trace.md): each record is
// one upper-PDU packet (trace_format.hpp), written by a PcapWriter. Several devices share one
// file through channels, each named once at the top of every file.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <memory>
#include <string_view>

#include "readerkit/pcap_writer.hpp"
#include "readerkit/trace.hpp"

namespace readerkit {

struct PcapTraceOptions {
  PcapWriterOptions file;
  /// Keep APDU data, T=0 data, T=1 information fields and IOCTL buffers out of the file;
  /// their framing and length stay (docs/trace.md "Masking").
  bool mask_payload = false;
};

class PcapTrace : public Trace, public std::enable_shared_from_this<PcapTrace> {
 public:
  /// INVALID_PARAMETER when the file cannot be created.
  static Result<std::shared_ptr<PcapTrace>> open(PcapTraceOptions options);

  /// Channel 0's records.
  void record(const TraceRecord& record) noexcept override;
  void record(const TraceRecord& record, std::uint32_t channel) noexcept;
  /// A Trace for one device: its records carry `channel`, and a `reader` record naming it
  /// opens every file. Asking again for the same channel returns the same Trace.
  std::shared_ptr<Trace> channel(std::uint32_t channel, std::string_view reader_name);

  /// Returns once everything recorded so far is in the file.
  void flush() { writer_->flush(); }
  std::uint64_t dropped() const { return writer_->dropped() + failed_.load(); }
  Status error() const { return writer_->error(); }

 private:
  PcapTrace(std::unique_ptr<PcapWriter> writer, bool mask)
      : writer_(std::move(writer)), mask_(mask) {}

  std::unique_ptr<PcapWriter> writer_;
  const bool mask_;
  std::atomic<std::uint64_t> failed_{0};  // records lost to a failed allocation
  std::mutex channels_mutex_;
  std::map<std::uint32_t, std::weak_ptr<Trace>> channels_;
};

}  // namespace readerkit
