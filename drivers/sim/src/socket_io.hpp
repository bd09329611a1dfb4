// SPDX-License-Identifier: MIT
// Bounded-time Unix socket helpers for the control socket (no call may hang).
#pragma once

#include <sys/un.h>

#include <optional>
#include <string>

namespace readerkit::sim::detail {

/// Timeout for connecting, reading a line and writing a reply. Card commands are quick, but
/// a command may wait for a running transmit to finish, so it is generous.
inline constexpr int kControlTimeoutMs = 10000;
/// How long the server waits for a connected client's next line (clients send at once).
inline constexpr int kServerReadTimeoutMs = 2000;
/// Longest command line accepted.
inline constexpr std::size_t kMaxLine = 4096;
/// Control connections served at once; one more is told so and closed. Each costs a
/// descriptor and at most kMaxLine bytes of buffered input.
inline constexpr std::size_t kMaxControlClients = 32;
/// Pending connections the kernel queues for the server.
inline constexpr int kListenBacklog = 64;

/// sockaddr_un for path; nullopt when it does not fit.
std::optional<sockaddr_un> unix_address(const std::string& path);

/// A connected stream socket, or -1 (errno set) when nothing accepts within timeout_ms.
int connect_unix(const std::string& path, int timeout_ms);

/// Writes everything within timeout_ms (per wait); false on error or timeout.
bool write_all(int fd, const std::string& text, int timeout_ms);

/// Reads '\n'-terminated lines with a per-line timeout; keeps bytes after a line for the next.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  /// The next line without its '\n' (a trailing '\r' is dropped too); nullopt on EOF, error,
  /// timeout or a line longer than kMaxLine.
  std::optional<std::string> read_line(int timeout_ms);

 private:
  int fd_;
  std::string buffer_;
};

}  // namespace readerkit::sim::detail
