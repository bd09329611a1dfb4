// SPDX-License-Identifier: MIT
// POSIX TCP sockets (socket.hpp).
#include "socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace readerkit::usbip::detail {
namespace {

timeval to_timeval(std::chrono::milliseconds t) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(t.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
  return tv;
}

std::string address_text(const sockaddr_in& a) {
  char host[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &a.sin_addr, host, sizeof host);
  return std::string(host) + ":" + std::to_string(ntohs(a.sin_port));
}

bool resolve(const HostPort& where, sockaddr_in& out, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = getaddrinfo(where.host.c_str(), nullptr, &hints, &found); rc != 0) {
    error = where.host + ": " + gai_strerror(rc);
    return false;
  }
  std::memcpy(&out, found->ai_addr, sizeof out);
  out.sin_port = htons(where.port);
  freeaddrinfo(found);
  return true;
}

}  // namespace

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

int Socket::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

bool Socket::read_exact(std::span<std::byte> out) const {
  std::size_t got = 0;
  while (got < out.size()) {
    const auto n = ::recv(fd_, out.data() + got, out.size() - got, 0);
    if (n > 0) {
      got += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return false;
    }
  }
  return true;
}

bool Socket::write_all_fd(int fd, std::span<const std::byte> bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      return false;
    }
  }
  return true;
}

void Socket::set_receive_timeout(std::chrono::milliseconds t) const {
  const timeval tv = to_timeval(t);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

void Socket::set_send_timeout(std::chrono::milliseconds t) const {
  const timeval tv = to_timeval(t);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

void Socket::shutdown() const {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

bool parse_host_port(const std::string& text, HostPort& out) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  unsigned long port = 0;
  for (std::size_t i = colon + 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    port = port * 10 + static_cast<unsigned long>(text[i] - '0');
    if (port > 65535) return false;
  }
  out.host = text.substr(0, colon);
  out.port = static_cast<std::uint16_t>(port);
  return true;
}

Socket listen_on(const HostPort& where, std::string& error) {
  sockaddr_in address{};
  if (!resolve(where, address, error)) return {};
  Socket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  const int one = 1;
  ::setsockopt(s.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (!s.valid() || ::bind(s.fd(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(s.fd(), 8) != 0) {
    error = std::strerror(errno);
    return {};
  }
  return s;
}

std::string local_address(const Socket& s) {
  sockaddr_in a{};
  socklen_t n = sizeof a;
  ::getsockname(s.fd(), reinterpret_cast<sockaddr*>(&a), &n);
  return address_text(a);
}

std::string peer_address(const Socket& s) {
  sockaddr_in a{};
  socklen_t n = sizeof a;
  if (::getpeername(s.fd(), reinterpret_cast<sockaddr*>(&a), &n) != 0) return "?";
  return address_text(a);
}

Socket connect_to(const HostPort& where, std::chrono::milliseconds timeout, std::string& error) {
  sockaddr_in address{};
  if (!resolve(where, address, error)) return {};
  Socket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!s.valid()) {
    error = std::strerror(errno);
    return {};
  }
  if (::connect(s.fd(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    if (errno != EINPROGRESS) {
      error = std::strerror(errno);
      return {};
    }
    pollfd p{s.fd(), POLLOUT, 0};
    int so_error = 0;
    socklen_t n = sizeof so_error;
    if (::poll(&p, 1, static_cast<int>(timeout.count())) != 1 ||
        ::getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &so_error, &n) != 0 || so_error != 0) {
      error = so_error != 0 ? std::strerror(so_error) : "no answer";
      return {};
    }
  }
  ::fcntl(s.fd(), F_SETFL, ::fcntl(s.fd(), F_GETFL) & ~O_NONBLOCK);
  const int one = 1;
  ::setsockopt(s.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  s.set_receive_timeout(timeout);
  s.set_send_timeout(timeout);
  return s;
}

}  // namespace readerkit::usbip::detail
