// SPDX-License-Identifier: MIT
// `trace FILE`: a ReaderKit pcap trace as text or JSON, for people without Wireshark
// (docs/trace.md "Reading a trace"). Exit 0 when every record was read, 1 when the file is
// not a ReaderKit trace or is damaged (the records before the damage are printed).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "readerkit/pcap.hpp"
#include "readerkit/trace_format.hpp"
#include "session.hpp"
#include "trace_text.hpp"

namespace readerkit::cli {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Outcome print_trace(Session& session, const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return report_error(session, "trace", path + ": " + std::strerror(errno));
  auto reader = PcapReader::open(file.get());
  if (!reader) {
    return report_error(session, "trace",
                        path + (reader.status() == Status::NOT_SUPPORTED
                                    ? ": pcapng is not read here; save it as pcap"
                                    : ": not a pcap file"));
  }
  if (reader->linktype() != LINKTYPE_WIRESHARK_UPPER_PDU) {
    return report_error(session, "trace",
                        path + ": link type " + std::to_string(reader->linktype()) +
                            " is not a ReaderKit trace (252, Wireshark upper PDU)");
  }
  std::uint64_t first_us = 0;
  for (std::size_t number = 1;; ++number) {
    auto next = reader->next();
    if (!next) return report_error(session, "trace", path + ": record " + std::to_string(number) + " is cut short or damaged");
    if (!next->has_value()) return Outcome::success;
    const PcapPacket& packet = **next;
    auto decoded = decode_trace_packet(packet.packet);
    if (!decoded) return report_error(session, "trace", path + ": record " + std::to_string(number) + " is not a ReaderKit record");
    if (number == 1) first_us = packet.time_us;
    TraceEntryRecord entry = describe_trace(*decoded);
    entry.number = number;
    entry.time_us = packet.time_us;
    entry.since_first_us = packet.time_us >= first_us ? packet.time_us - first_us : 0;
    session.printer().trace_entry(entry);
  }
}

}  // namespace

Action define_trace(CLI::App& sub) {
  auto path = std::make_shared<std::string>();
  sub.add_option("file", *path, "a pcap file written with --pcap, pcap=FILE or trace start")
      ->required();
  return [path](Session& session) { return print_trace(session, *path); };
}

}  // namespace readerkit::cli
