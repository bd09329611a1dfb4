// SPDX-License-Identifier: MIT
// The --json printer: one object per line, flushed at once.
#include <ostream>

#include "json_records.hpp"
#include "printer.hpp"

namespace readerkit::cli {
namespace {

class JsonPrinter final : public Printer {
 public:
  explicit JsonPrinter(std::ostream& out) : out_(out) {}

  void request(const RequestRecord& r) override { line(request_json(r)); }
  void event(const EventRecord& e) override { line(event_json(e)); }
  void atr(const AtrRecord& a) override { line(atr_json(a)); }
  void note(const NoteRecord& n) override { line(note_json(n)); }
  void status(const StatusRecord& s) override { line(status_json(s)); }
  void bench(const BenchRecord& b) override { line(bench_json(b)); }
  void bench_devices(const BenchDevicesRecord& b) override { line(bench_devices_json(b)); }
  void trace_entry(const TraceEntryRecord& t) override { line(trace_entry_json(t)); }
  void usage_error(std::string_view cmd, std::string_view message) override {
    failure(cmd, "usage-error", message);
  }
  void error(std::string_view cmd, std::string_view message) override {
    failure(cmd, "error", message);
  }
  void script_line(std::string_view) override {}
  void comment(std::string_view) override {}

 private:
  void failure(std::string_view cmd, std::string_view status, std::string_view message) {
    Json j;
    j["cmd"] = std::string(cmd);
    j["status"] = std::string(status);
    j["error"] = std::string(message);
    line(j);
  }
  // Replacement of invalid UTF-8 keeps a hostile reader description from aborting output.
  void line(const Json& j) {
    out_ << j.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n' << std::flush;
  }

  std::ostream& out_;
};

}  // namespace

std::unique_ptr<Printer> make_json_printer(std::ostream& out) {
  return std::make_unique<JsonPrinter>(out);
}

}  // namespace readerkit::cli
