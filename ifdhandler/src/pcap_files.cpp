// SPDX-License-Identifier: MIT
#include "pcap_files.hpp"

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

namespace readerkit::ifd {

std::shared_ptr<PcapTrace> shared_pcap_trace(const HandlerOptions& options, std::string& error) {
  static std::mutex mutex;
  // Weak: a file closes when the last reader writing to it closes. Only weak pointers, so
  // destroying the map when pcscd unloads the handler frees nothing in use.
  static std::map<std::string, std::weak_ptr<PcapTrace>> open_files;
  std::lock_guard lock(mutex);
  if (auto known = open_files[options.pcap].lock()) return known;
  PcapTraceOptions trace_options;
  trace_options.file.path = options.pcap;
  trace_options.file.max_file_bytes = options.pcap_max_bytes;
  trace_options.file.max_queue_bytes = kPcapQueueBytes;
  trace_options.file.drop_when_full = true;
  trace_options.mask_payload = options.pcap_mask;
  auto opened = PcapTrace::open(trace_options);
  if (!opened) {
    error = "cannot create trace file '" + options.pcap + "': " + std::strerror(errno);
    return nullptr;
  }
  open_files[options.pcap] = *opened;
  return *opened;
}

}  // namespace readerkit::ifd
