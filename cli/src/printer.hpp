// SPDX-License-Identifier: MIT
// Output of the CLI: one Printer per process, JSON lines or human text, flushed line by line
// so a driving process can read results as they come (docs/contract/cli.md "Scripts").
#pragma once

#include <iosfwd>
#include <memory>
#include <string_view>

#include "records.hpp"

namespace readerkit::cli {

/// Formats records. Called only from the main thread.
class Printer {
 public:
  virtual ~Printer() = default;
  virtual void request(const RequestRecord& r) = 0;
  virtual void event(const EventRecord& e) = 0;
  virtual void atr(const AtrRecord& a) = 0;
  virtual void note(const NoteRecord& n) = 0;
  virtual void status(const StatusRecord& s) = 0;
  virtual void bench(const BenchRecord& b) = 0;
  virtual void bench_devices(const BenchDevicesRecord& b) = 0;
  virtual void trace_entry(const TraceEntryRecord& t) = 0;
  /// A command that could not be parsed (`"status":"usage-error"`).
  virtual void usage_error(std::string_view cmd, std::string_view message) = 0;
  /// A command that could not be executed, e.g. the reader did not open (`"status":"error"`).
  virtual void error(std::string_view cmd, std::string_view message) = 0;
  /// A script line about to run; the human printer echoes it, JSON prints nothing.
  virtual void script_line(std::string_view line) = 0;
  /// A comment-only script line; the human printer shows it as a heading. An empty text (a
  /// blank script line) ends a paragraph of comments.
  virtual void comment(std::string_view text) = 0;
};

/// JSON lines on `out` (errors also as JSON lines on `out`).
std::unique_ptr<Printer> make_json_printer(std::ostream& out);
/// Aligned, labelled text on `out`; usage errors and errors on `err`.
std::unique_ptr<Printer> make_human_printer(std::ostream& out, std::ostream& err);

}  // namespace readerkit::cli
