// Reads a script line by line from a file descriptor (a file or stdin) and lets the caller do
// work while it waits for input, so completion events reach a driving process as they happen.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace readerkit::cli {

class LineReader {
 public:
  /// Reads from `fd`; does not take ownership.
  explicit LineReader(int fd) : fd_(fd) {}

  /// The next line without its newline; nullopt at end of input or on a read error. While no
  /// input is ready, calls `idle` about every 20 ms.
  std::optional<std::string> next(const std::function<void()>& idle);

 private:
  int fd_;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace readerkit::cli
