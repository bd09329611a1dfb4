// SPDX-License-Identifier: MIT
#include "sim_control_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "text.hpp"

namespace readerkit::cli {
namespace {

using Clock = std::chrono::steady_clock;

/// Closes the socket on every path out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

ControlReply unreachable(const std::string& why) {
  return {ControlReply::Kind::unreachable, why};
}

bool send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads up to the first newline (or EOF) before the deadline.
bool read_line(int fd, Clock::time_point deadline, std::string& line) {
  char buf[256];
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return !line.empty();
    line.append(buf, static_cast<std::size_t>(n));
  }
  line.erase(line.find('\n'));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

// "ok [message]" is success; anything else ("error ...", "refused ...") is a refusal.
ControlReply parse_reply(const std::string& line) {
  auto words = split_words(line);
  if (!words.empty() && words[0] == "ok") return {ControlReply::Kind::ok, join_words(words, 1)};
  if (!words.empty() && (words[0] == "error" || words[0] == "refused"))
    return {ControlReply::Kind::refused, join_words(words, 1)};
  return {ControlReply::Kind::refused, line};
}

}  // namespace

ControlReply send_control_command(const std::string& path, const std::vector<std::string>& words,
                                  std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof addr.sun_path) return unreachable("bad socket path");
  std::memcpy(addr.sun_path, path.data(), path.size());
  Fd s{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (s.fd < 0) return unreachable(std::strerror(errno));
  if (::connect(s.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0)
    return unreachable(path + ": " + std::strerror(errno));
  if (!send_all(s.fd, join_words(words) + "\n")) return unreachable("send failed");
  std::string line;
  if (!read_line(s.fd, deadline, line)) return unreachable("no reply from " + path);
  return parse_reply(line);
}

}  // namespace readerkit::cli
