// SPDX-License-Identifier: MIT
// The trace files of the readers pcscd opened (DEVICENAME option pcap=FILE, docs/trace.md):
// readers that name the same file share one writer, each as its own channel. Inside pcscd a
// trace never waits for the disk: a full queue drops records and the file says how many.
#pragma once

#include <memory>
#include <string>

#include "handler_options.hpp"
#include "readerkit/pcap_trace.hpp"

namespace readerkit::ifd {

/// Bytes of records waiting for the disk, per file, at most.
inline constexpr std::size_t kPcapQueueBytes = std::size_t{4} << 20;

/// The open trace for options.pcap, created on first use; nullptr with `error` set when the
/// file cannot be created.
std::shared_ptr<PcapTrace> shared_pcap_trace(const HandlerOptions& options, std::string& error);

}  // namespace readerkit::ifd
