// SPDX-License-Identifier: MIT
// A Session is one process's view of one reader: the options it was started with, the reader
// (opened on first use), the pending requests and the printer every command writes to.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "pending.hpp"
#include "printer.hpp"
#include "readerkit/pcap_trace.hpp"
#include "readerkit/reader.hpp"
#include "readerkit/sim/sim_reader.hpp"

namespace readerkit::cli {

/// Options given before the command (docs/contract/cli.md "Invocation").
struct GlobalOptions {
  std::string reader_spec = "sim";
  bool json = false;
  bool trace = false;          // sim byte-line trace on stderr
  std::string pcap;            // --pcap FILE: the session's trace (docs/trace.md)
  bool pcap_mask = false;      // --pcap-mask: payload left out of it
  std::uint32_t log_mask = 0;  // LogLevel bits printed on stderr
  std::size_t slot = 0;        // the reader slot every command addresses
  /// The command came from the command line itself, not from a `run` script: a one-shot
  /// transmit prepares the card first (docs/cli.md).
  bool one_shot = false;
};

class Session {
 public:
  Session(GlobalOptions options, Printer& printer);
  ~Session();  // close()
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const GlobalOptions& options() const { return options_; }
  /// True for a command typed on the command line, false inside `run`.
  bool one_shot() const { return options_.one_shot && !in_script_; }
  /// `run` marks the lines it executes as script lines.
  void set_in_script(bool in_script) { in_script_ = in_script; }
  Printer& printer() { return printer_; }
  PendingRequests& pending() { return pending_; }

  /// Opens the reader if it is not open yet; false with `error` set when it cannot be opened.
  bool open(std::string& error);
  /// The selected slot's device, opening the reader on first use; nullptr with `error` set.
  Device* device(std::string& error);
  /// The open reader's description ("" when not open).
  std::string reader_description() const;
  /// The simulated reader, or nullptr when the reader is not open or is of another kind.
  sim::SimReader* sim();
  /// Creates the --pcap file; false with `error` set when it cannot be created. Called before
  /// the first command so that a bad path fails at once.
  bool open_pcap(std::string& error);
  /// The --pcap trace (null without --pcap), for commands that open readers of their own.
  std::shared_ptr<PcapTrace> pcap() const { return pcap_; }

  /// Prints the completion events that arrived so far.
  void flush_events();
  /// Sleeps until `until`, printing completion events as they arrive.
  void wait_until(std::chrono::steady_clock::time_point until);
  /// Closes the reader (pending tracking requests complete CANCELLED) and prints what ended.
  void close();

 private:
  GlobalOptions options_;
  Printer& printer_;
  PendingRequests pending_;
  std::shared_ptr<PcapTrace> pcap_;  // before reader_: it outlives the devices writing to it
  std::unique_ptr<Reader> reader_;
  bool in_script_ = false;
};

/// A Log that prints the levels of `mask` to stderr, one line per message ("[IOCTL] ...").
Log stderr_log(std::uint32_t mask);

}  // namespace readerkit::cli
