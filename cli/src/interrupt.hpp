// SPDX-License-Identifier: MIT
// Ctrl-C during long work (bench): while an InterruptScope lives, SIGINT only sets a flag the
// work polls, so it can stop and print what it measured; the previous handler comes back after.
#pragma once

#include <csignal>
#include <cstddef>
#include <chrono>

namespace readerkit::cli {

class InterruptScope {
 public:
  InterruptScope();
  ~InterruptScope();
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

  /// True once SIGINT arrived inside this scope.
  bool interrupted() const;

 private:
  struct sigaction previous_ {};
};

/// A one-line progress indication on stderr ("bench 4200/10000 APDUs 42%"), redrawn at most
/// every 100 ms and only when stderr is a terminal; erased when the work ends.
class Progress {
 public:
  Progress(const char* what, std::size_t total);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t done);

 private:
  const char* what_;
  std::size_t total_;
  bool shown_;
  std::chrono::steady_clock::time_point next_;
};

}  // namespace readerkit::cli
