#include "line_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace readerkit::cli {

constexpr int kIdleTickMs = 20;

std::optional<std::string> LineReader::next(const std::function<void()>& idle) {
  for (;;) {
    if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    if (eof_) {
      if (buffer_.empty()) return std::nullopt;
      return std::exchange(buffer_, {});
    }
    pollfd p{fd_, POLLIN, 0};
    int ready = ::poll(&p, 1, kIdleTickMs);
    if (ready < 0 && errno != EINTR) {
      eof_ = true;
      continue;
    }
    if (ready <= 0) {
      if (idle) idle();
      continue;
    }
    char chunk[4096];
    ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0)
      eof_ = true;
    else
      buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace readerkit::cli
