// SPDX-License-Identifier: MIT
// Ctrl-C during long work (bench): while an InterruptScope lives, SIGINT only sets a flag the
// work polls, so it can stop and print what it measured; the previous handler comes back after.
#pragma once

#include <csignal>

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

}  // namespace readerkit::cli
