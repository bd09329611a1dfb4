// SPDX-License-Identifier: MIT
#include "control_socket.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>

#include "socket_io.hpp"

namespace readerkit::sim {

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string reply_line(const CommandReply& reply) {
  if (reply.ok) return "ok";
  std::string reason = reply.message.empty() ? "refused" : reply.message;
  for (char& c : reason) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "error " + reason;
}

ControlServer::ControlServer(std::string path, CommandHandler handler)
    : path_(std::move(path)), handler_(std::move(handler)) {}

ControlServer::~ControlServer() {
  if (wake_pipe_[1] >= 0) {
    const char stop = 'x';
    (void)!::write(wake_pipe_[1], &stop, 1);
  }
  if (thread_.joinable()) thread_.join();
  for (int fd : {listen_fd_, wake_pipe_[0], wake_pipe_[1]}) {
    if (fd >= 0) ::close(fd);
  }
  if (listen_fd_ >= 0) ::unlink(path_.c_str());
}

// A socket file nobody listens on is stale (a crashed process): replace it. A live one is
// another reader's: refuse rather than steal it.
std::string ControlServer::start() {
  auto addr = detail::unix_address(path_);
  if (!addr) return "control socket path too long: " + path_;
  if (const int probe = detail::connect_unix(path_, 200); probe >= 0) {
    ::close(probe);
    return "control socket " + path_ + " is in use";
  }
  ::unlink(path_.c_str());
  listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return std::string("socket: ") + std::strerror(errno);
  if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&*addr), sizeof(*addr)) != 0 ||
      ::listen(listen_fd_, detail::kListenBacklog) != 0) {
    std::string e = "cannot listen on " + path_ + ": " + std::strerror(errno);
    ::close(listen_fd_);
    listen_fd_ = -1;
    return e;
  }
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
  thread_ = std::thread([this] { run(); });
  return "";
}

namespace {

using Clock = std::chrono::steady_clock;

struct ControlClient {
  int fd;
  std::string input;
  Clock::time_point idle_deadline;
};

/// Sends a whole reply line without waiting: a client that does not read its replies until its
/// socket buffer is full is dropped rather than allowed to stall everyone else.
bool send_now(int fd, const std::string& text) {
  const ssize_t n = ::send(fd, text.data(), text.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  return n == static_cast<ssize_t>(text.size());
}

/// Reads what the client sent and answers every complete line; false when the connection is
/// to be closed (end of stream, error, a line over kMaxLine, a reply that cannot be sent).
bool serve_input(ControlClient& c, const CommandHandler& handler) {
  std::array<char, 512> chunk;
  const ssize_t n = ::recv(c.fd, chunk.data(), chunk.size(), MSG_DONTWAIT);
  if (n == 0) return false;
  if (n < 0) return errno == EAGAIN || errno == EINTR;
  c.input.append(chunk.data(), static_cast<std::size_t>(n));
  for (auto nl = c.input.find('\n'); nl != std::string::npos; nl = c.input.find('\n')) {
    std::string line = c.input.substr(0, nl);
    c.input.erase(0, nl + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto words = split_words(line);
    const CommandReply reply = words.empty() ? CommandReply{false, "empty command"} : handler(words);
    if (!send_now(c.fd, reply_line(reply) + "\n")) return false;
  }
  return c.input.size() <= detail::kMaxLine;  // a longer line ends the connection, unanswered
}

int poll_timeout_ms(const std::vector<ControlClient>& clients, Clock::time_point now) {
  if (clients.empty()) return -1;
  auto next = clients.front().idle_deadline;
  for (const auto& c : clients) next = std::min(next, c.idle_deadline);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, detail::kServerReadTimeoutMs));
}

}  // namespace

// Every connection is served from one poll loop, a line at a time as it arrives, so a slow or
// idle client never holds up another; a client silent for kServerReadTimeoutMs is dropped,
// and at most detail::kMaxControlClients are connected at once.
void ControlServer::run() {
  std::vector<ControlClient> clients;
  std::vector<pollfd> fds;
  for (;;) {
    fds.assign({{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}});
    for (const auto& c : clients) fds.push_back({c.fd, POLLIN, 0});
    if (::poll(fds.data(), fds.size(), poll_timeout_ms(clients, Clock::now())) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents != 0) break;
    const auto now = Clock::now();
    const auto idle = std::chrono::milliseconds(detail::kServerReadTimeoutMs);
    for (std::size_t i = clients.size(); i-- > 0;) {
      ControlClient& c = clients[i];
      bool keep = now < c.idle_deadline;
      if (fds[2 + i].revents != 0) {
        keep = serve_input(c, handler_);
        c.idle_deadline = now + idle;
      }
      if (!keep) {
        ::close(c.fd);
        clients.erase(clients.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) continue;
    if (clients.size() >= detail::kMaxControlClients) {
      (void)send_now(fd, reply_line({false, "too many control connections"}) + "\n");
      ::close(fd);
      continue;
    }
    clients.push_back({fd, {}, now + idle});
  }
  for (const auto& c : clients) ::close(c.fd);
}

CommandReply send_control(const std::string& path, const std::vector<std::string>& words) {
  if (words.empty()) return {false, "empty command"};
  const int fd = detail::connect_unix(path, detail::kControlTimeoutMs);
  if (fd < 0) return {false, "cannot connect to " + path + ": " + std::strerror(errno)};
  std::string line;
  for (const auto& w : words) line += (line.empty() ? "" : " ") + w;
  CommandReply reply{false, "no reply from " + path};
  if (detail::write_all(fd, line + "\n", detail::kControlTimeoutMs)) {
    detail::LineReader reader(fd);
    if (auto answer = reader.read_line(detail::kControlTimeoutMs)) {
      if (*answer == "ok")
        reply = {true, ""};
      else if (answer->rfind("error ", 0) == 0)
        reply = {false, answer->substr(6)};
      else
        reply = {false, "unexpected reply: " + *answer};
    }
  }
  ::close(fd);
  return reply;
}

}  // namespace readerkit::sim
