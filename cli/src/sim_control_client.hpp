// SPDX-License-Identifier: MIT
// The client side of a simulated reader's `control=PATH` socket (docs/sim.md): one command line
// out, one reply line back, with bounded waits so a dead peer cannot hang the CLI.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace readerkit::cli {

struct ControlReply {
  enum class Kind { ok, refused, unreachable } kind = Kind::unreachable;
  std::string message;
};

/// Sends `words` as one line to the Unix socket at `path` and reads the one-line reply.
ControlReply send_control_command(const std::string& path, const std::vector<std::string>& words,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace readerkit::cli
