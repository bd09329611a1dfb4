#include "control_socket.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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
      ::listen(listen_fd_, 8) != 0) {
    std::string e = "cannot listen on " + path_ + ": " + std::strerror(errno);
    ::close(listen_fd_);
    listen_fd_ = -1;
    return e;
  }
  if (::pipe2(wake_pipe_, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);
  thread_ = std::thread([this] { run(); });
  return "";
}

void ControlServer::run() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    serve(client);
    ::close(client);
  }
}

// One connection: lines until EOF, each with its reply. A silent client is dropped after the
// read timeout so it cannot block the reader's control forever.
void ControlServer::serve(int client) {
  detail::LineReader reader(client);
  for (;;) {
    auto line = reader.read_line(detail::kServerReadTimeoutMs);
    if (!line) return;
    const auto words = split_words(*line);
    CommandReply reply = words.empty() ? CommandReply{false, "empty command"} : handler_(words);
    if (!detail::write_all(client, reply_line(reply) + "\n", detail::kControlTimeoutMs)) return;
  }
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
