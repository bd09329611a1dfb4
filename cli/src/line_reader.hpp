// SPDX-License-Identifier: MIT
// Reads a script line by line from a file descriptor (a file or stdin) and lets the caller do
// work while it waits for input, so completion events reach a driving process as they happen.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace readerkit::cli {

/// Longest script line accepted, newline excluded: a TRANSMIT of the longest extended APDU
/// (65,545 bytes) in hex with spaces fits with room to spare. A longer line ends the script.
inline constexpr std::size_t kMaxScriptLine = 256 * 1024;

class LineReader {
 public:
  /// Reads from `fd`; does not take ownership.
  explicit LineReader(int fd) : fd_(fd) {}

  /// The next line without its newline; nullopt at end of input, on a read error, or when a
  /// line is longer than kMaxScriptLine (then too_long() is true and nothing more is read).
  /// Each byte is scanned for the newline once. While no input is ready, calls `idle` about
  /// every 20 ms.
  std::optional<std::string> next(const std::function<void()>& idle);

  /// True once a line longer than kMaxScriptLine was met.
  bool too_long() const { return too_long_; }

 private:
  bool fill(const std::function<void()>& idle);

  int fd_;
  std::string buffer_;
  std::size_t start_ = 0;    // where the next line begins in buffer_
  std::size_t scanned_ = 0;  // buffer_ before this index holds no newline after start_
  bool eof_ = false;
  bool too_long_ = false;
};

}  // namespace readerkit::cli
