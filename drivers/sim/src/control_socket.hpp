// SPDX-License-Identifier: MIT
// The simulated reader's control socket (`sim:...:control=PATH`): a Unix stream socket where
// another process sends `card ...` / `fault ...` commands, one text line each, and reads one
// reply line: "ok" or "error <reason>". docs/sim.md "Control socket".
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "readerkit/sim/sim_reader.hpp"

namespace readerkit::sim {

/// Runs a command given as words; the server calls it from its own thread.
using CommandHandler = std::function<CommandReply(const std::vector<std::string>&)>;

/// Listens on PATH and answers each line with the handler's reply. Stops (and removes the
/// socket file) when destroyed.
class ControlServer {
 public:
  ControlServer(std::string path, CommandHandler handler);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  /// Binds and starts the thread; an empty string on success, else the reason.
  std::string start();

 private:
  void run();

  std::string path_;
  CommandHandler handler_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::thread thread_;
};

/// Splits a command line into words (spaces and tabs separate).
std::vector<std::string> split_words(const std::string& line);

/// Formats a reply as its protocol line (without the newline).
std::string reply_line(const CommandReply& reply);

}  // namespace readerkit::sim
