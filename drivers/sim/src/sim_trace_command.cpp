// SPDX-License-Identifier: MIT
// `trace start FILE [mask]` / `trace stop` on the control socket (docs/sim.md "Control
// socket", docs/trace.md): a pcap trace of every slot, started and stopped while the reader
// runs (inside pcscd too). Starting replaces the host's trace (--pcap, pcap=) until the stop,
// which gives it back.
#include <cerrno>
#include <cstring>

#include "sim_reader_impl.hpp"

namespace readerkit::sim {

CommandReply SimReaderImpl::trace_command(const std::vector<std::string>& words) {
  constexpr std::string_view kUsage = "usage: trace start FILE [mask] | trace stop";
  if (words.size() == 2 && words[1] == "stop") {
    if (!control_trace_) return {false, "trace: no trace started"};
    for (std::size_t i = 0; i < slots_.size(); ++i) slots_[i]->device().set_trace(host_traces_[i]);
    control_trace_->flush();
    control_trace_.reset();  // the file closes when the last record in flight is written
    return {true, ""};
  }
  const bool mask = words.size() == 4 && words[3] == "mask";
  if (words.size() < 3 || words[1] != "start" || (words.size() == 4 && !mask) || words.size() > 4)
    return {false, std::string(kUsage)};
  if (control_trace_) return {false, "trace: a trace is running; trace stop first"};
  if (!words[2].starts_with('/')) return {false, "trace: FILE must be an absolute path"};
  PcapTraceOptions options;
  options.file.path = words[2];
  options.mask_payload = mask;
  // The reader may serve pcscd: never make a card request wait for the disk.
  options.file.drop_when_full = true;
  auto opened = PcapTrace::open(options);
  if (!opened) return {false, "trace: cannot create " + words[2] + ": " + std::strerror(errno)};
  control_trace_ = std::move(*opened);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    slots_[i]->device().set_trace(control_trace_->channel(
        static_cast<std::uint32_t>(i), "sim:profile=" + profile_name_ + " slot " + std::to_string(i)));
  }
  return {true, ""};
}

}  // namespace readerkit::sim
