// SPDX-License-Identifier: MIT
// The simulated reader and card (the embedded default; docs/contract/cli.md `sim[:key=value]...`).
// docs/sim.md describes the profiles, the faults and the control socket.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "readerkit/drivers/registry.hpp"
#include "readerkit/reader.hpp"

namespace readerkit::sim {

/// Answer to a control command ("card insert [PROFILE]", "card remove", "fault NAME k=v...",
/// "fault clear", each with an optional "slot=K"): ok, or refused with a one-line reason.
struct CommandReply {
  bool ok = false;
  std::string message;
};

/// The simulated reader: 1..4 independent slots (`slots=N`), each a simulated card on its own
/// simulated byte line.
class SimReader : public Reader {
 public:
  /// Executes a control command given as words, e.g. {"card", "insert", "t1"},
  /// {"fault", "edc", "every=3", "dir=card"}, {"card", "remove", "slot=1"}; a `slot=K` word
  /// (default slot 0) picks the slot. The `control=PATH` socket and the CLI's `card` /
  /// `fault` commands both end here. Thread-safe.
  virtual CommandReply command(const std::vector<std::string>& words) = 0;

  /// Receives one line per byte exchange on the simulated lines (`--trace`); empty: off. With
  /// several slots each line starts with "slot K ".
  virtual void set_trace(std::function<void(std::string_view)> sink) = 0;
};

/// Opens a simulated reader from SPEC fields ("profile=NAME|PATH", "card=absent",
/// "control=PATH", "slots=N"); nullptr with `error` set for a bad field or profile.
std::unique_ptr<SimReader> open_sim_reader(const std::vector<std::string>& fields,
                                           const drivers::OpenOptions& options, std::string& error);

/// Sends one command (words, e.g. {"card", "remove"}) to the control socket of a simulated
/// reader living in another process and returns its reply; refused with a reason when the
/// socket is unreachable or silent (every step is bounded by a timeout of a few seconds).
CommandReply send_control(const std::string& path, const std::vector<std::string>& words);

/// Names of the built-in card profiles ("default", "t0", "t1", ...).
std::vector<std::string> sim_profile_names();

}  // namespace readerkit::sim
