// SPDX-License-Identifier: MIT
#include "line_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace readerkit::cli {

constexpr int kIdleTickMs = 20;

std::optional<std::string> LineReader::next(const std::function<void()>& idle) {
  for (;;) {
    if (too_long_) return std::nullopt;
    if (auto nl = buffer_.find('\n', scanned_); nl != std::string::npos) {
      const std::size_t length = nl - start_;
      if (length > kMaxScriptLine) {
        too_long_ = true;
        return std::nullopt;
      }
      std::string line = buffer_.substr(start_, length);
      start_ = scanned_ = nl + 1;
      return line;
    }
    scanned_ = buffer_.size();
    if (buffer_.size() - start_ > kMaxScriptLine) {
      too_long_ = true;  // whatever follows: the line is already too long
      return std::nullopt;
    }
    if (eof_) {
      std::string rest = buffer_.substr(start_);
      buffer_.clear();
      start_ = scanned_ = 0;
      if (rest.empty()) return std::nullopt;
      return rest;
    }
    // Lines already returned are dropped before reading more: the buffer holds at most one
    // partial line and one read.
    buffer_.erase(0, start_);
    scanned_ -= start_;
    start_ = 0;
    if (!fill(idle)) eof_ = true;
  }
}

// One wait for input and at most one read; false at end of input or on an error.
bool LineReader::fill(const std::function<void()>& idle) {
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, kIdleTickMs);
  if (ready < 0) return errno == EINTR;
  if (ready == 0) {
    if (idle) idle();
    return true;
  }
  std::array<char, 65536> chunk;
  const ssize_t n = ::read(fd_, chunk.data(), chunk.size());
  if (n < 0) return errno == EINTR || errno == EAGAIN;
  if (n == 0) return false;
  buffer_.append(chunk.data(), static_cast<std::size_t>(n));
  return true;
}

}  // namespace readerkit::cli
