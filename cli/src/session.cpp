// SPDX-License-Identifier: MIT
#include "session.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>

#include "readerkit/drivers/registry.hpp"

namespace readerkit::cli {

Log stderr_log(std::uint32_t mask) {
  if (mask == 0) return {};
  // Messages come from driver threads too; one lock keeps lines whole.
  auto lock = std::make_shared<std::mutex>();
  return Log(
      [lock](LogLevel level, std::string_view message) {
        std::lock_guard guard(*lock);
        std::cerr << "[" << log_level_name(level) << "] " << message << "\n" << std::flush;
      },
      mask);
}

Session::Session(GlobalOptions options, Printer& printer)
    : options_(std::move(options)), printer_(printer) {}

Session::~Session() {
  close();
}

bool Session::open(std::string& error) {
  if (reader_) return true;
  drivers::OpenOptions open_options;
  open_options.log = stderr_log(options_.log_mask);
  if (pcap_) {
    open_options.trace = [pcap = pcap_, spec = options_.reader_spec](std::size_t slot) {
      return pcap->channel(static_cast<std::uint32_t>(slot), spec + " slot " + std::to_string(slot));
    };
  }
  drivers::OpenResult opened = drivers::open_reader(options_.reader_spec, open_options);
  if (!opened.reader) {
    error =
        opened.error.empty() ? "cannot open reader '" + options_.reader_spec + "'" : opened.error;
    return false;
  }
  if (opened.reader->slot_count() == 0) {
    error = "reader '" + options_.reader_spec + "' has no slot";
    return false;
  }
  reader_ = std::move(opened.reader);
  if (options_.trace) {
    if (auto* s = sim()) {
      auto lock = std::make_shared<std::mutex>();
      s->set_trace([lock](std::string_view line) {
        std::lock_guard guard(*lock);
        std::cerr << line << "\n" << std::flush;
      });
    }
  }
  return true;
}

Device* Session::device(std::string& error) {
  if (!open(error)) return nullptr;
  if (options_.slot >= reader_->slot_count()) {
    error = "slot " + std::to_string(options_.slot) + " does not exist (the reader has " +
            std::to_string(reader_->slot_count()) + ")";
    return nullptr;
  }
  return &reader_->slot(options_.slot);
}

std::string Session::reader_description() const {
  return reader_ ? reader_->description() : std::string();
}

bool Session::open_pcap(std::string& error) {
  if (options_.pcap.empty() || pcap_) return true;
  PcapTraceOptions trace_options;
  trace_options.file.path = options_.pcap;
  trace_options.mask_payload = options_.pcap_mask;
  auto opened = PcapTrace::open(trace_options);
  if (!opened) {
    error = "cannot create '" + options_.pcap + "': " + std::strerror(errno);
    return false;
  }
  pcap_ = std::move(*opened);
  return true;
}

sim::SimReader* Session::sim() {
  return dynamic_cast<sim::SimReader*>(reader_.get());
}

void Session::flush_events() {
  for (const EventRecord& e : pending_.take_events()) printer_.event(e);
}

void Session::wait_until(std::chrono::steady_clock::time_point until) {
  while (std::chrono::steady_clock::now() < until) {
    if (pending_.wait_for_event(until)) flush_events();
  }
  flush_events();
}

void Session::close() {
  if (reader_) {
    if (auto* s = sim()) s->set_trace({});
    reader_.reset();
  }
  if (pcap_) pcap_->flush();
  flush_events();
}

}  // namespace readerkit::cli
