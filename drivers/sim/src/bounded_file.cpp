// SPDX-License-Identifier: MIT
#include "bounded_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace readerkit::sim {
namespace {

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::optional<std::string> read_bounded_file(const std::string& path, std::size_t cap,
                                              std::string& error) {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever; it is refused
  // below as not regular anyway.
  FdCloser file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)};
  if (file.fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = "not a regular file";
    return std::nullopt;
  }
  if (static_cast<std::size_t>(st.st_size) > cap) {
    error = "larger than " + std::to_string(cap) + " bytes";
    return std::nullopt;
  }
  // The size is read again rather than trusted: the file may grow while it is read.
  std::string content(cap + 1, '\0');
  std::size_t used = 0;
  while (used < content.size()) {
    const ssize_t n = ::read(file.fd, content.data() + used, content.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      return std::nullopt;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > cap) {
    error = "larger than " + std::to_string(cap) + " bytes";
    return std::nullopt;
  }
  content.resize(used);
  return content;
}

}  // namespace readerkit::sim
