// SPDX-License-Identifier: MIT
#include "socket.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace readerkit::vpcd::detail {
namespace {

struct AddrInfoDeleter {
  void operator()(addrinfo* ai) const { freeaddrinfo(ai); }
};
using AddrInfoPtr = std::unique_ptr<addrinfo, AddrInfoDeleter>;

AddrInfoPtr resolve(const std::string& host, std::uint16_t port, bool passive, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = passive ? AI_PASSIVE : 0;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) {
    error = "cannot resolve '" + host + "': " + gai_strerror(rc);
    return nullptr;
  }
  return AddrInfoPtr(found);
}

void set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

// Milliseconds left until `deadline`, for poll(); 0 once it has passed.
int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return 0;
  return left.count() > 60'000 ? 60'000 : static_cast<int>(left.count());
}

// Waits for `events` on fd; false on timeout. Errors and hang-ups count as ready: the next
// read or write reports them.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int rc = poll(&p, 1, remaining_ms(deadline));
    if (rc > 0) return true;
    if (rc < 0 && errno == EINTR) continue;
    if (rc == 0 && Clock::now() < deadline) continue;  // poll slices of at most 60 s
    return false;
  }
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = other.release();
  }
  return *this;
}

int Fd::release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

void Fd::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Result<Fd> listen_tcp(const std::string& host, std::uint16_t port, std::string& error) {
  AddrInfoPtr list = resolve(host, port, true, error);
  if (!list) return Status::INVALID_PARAMETER;
  for (addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    Fd fd(socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol));
    if (!fd) continue;
    int one = 1;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd.get(), ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd.get(), 4) == 0) {
      set_nonblocking(fd.get());
      return fd;
    }
    error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + std::strerror(errno);
  }
  if (error.empty()) error = "cannot listen on " + host + ":" + std::to_string(port);
  return Status::INVALID_PARAMETER;
}

Result<Fd> connect_tcp(const std::string& host, std::uint16_t port,
                       std::chrono::milliseconds timeout) {
  std::string error;
  AddrInfoPtr list = resolve(host, port, false, error);
  if (!list) return Status::NO_MEDIA;
  const auto deadline = Clock::now() + timeout;
  Status last = Status::NO_MEDIA;
  for (addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    Fd fd(socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol));
    if (!fd) continue;
    set_nonblocking(fd.get());
    int rc = connect(fd.get(), ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno != EINPROGRESS) continue;
    if (rc != 0 && !wait_for(fd.get(), POLLOUT, deadline)) {
      last = Status::IO_TIMEOUT;
      continue;
    }
    int so_error = 0;
    socklen_t len = sizeof so_error;
    getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &so_error, &len);
    if (so_error != 0) continue;
    configure_stream(fd.get());
    return fd;
  }
  return last;
}

Fd accept_tcp(int listener) {
  int fd = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd >= 0) configure_stream(fd);
  return Fd(fd);
}

std::uint16_t local_port(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return 0;
  if (addr.ss_family == AF_INET) return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
  return 0;
}

void configure_stream(int fd) {
  set_nonblocking(fd);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

Status write_all(int fd, std::span<const std::byte> bytes, Clock::time_point deadline) {
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes = bytes.subspan(static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(fd, POLLOUT, deadline)) return Status::IO_TIMEOUT;
    } else {
      return Status::NO_MEDIA;
    }
  }
  return Status::SUCCESS;
}

Status read_exact(int fd, std::span<std::byte> out, Clock::time_point deadline) {
  while (!out.empty()) {
    ssize_t n = recv(fd, out.data(), out.size(), 0);
    if (n > 0) {
      out = out.subspan(static_cast<std::size_t>(n));
    } else if (n == 0) {
      return Status::NO_MEDIA;  // end of stream: the card went away
    } else if (errno == EINTR) {
      continue;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!wait_for(fd, POLLIN, deadline)) return Status::IO_TIMEOUT;
    } else {
      return Status::NO_MEDIA;
    }
  }
  return Status::SUCCESS;
}

Status check_quiet(int fd) {
  std::byte probe{};
  for (;;) {
    ssize_t n = recv(fd, &probe, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return Status::DEVICE_PROTOCOL_ERROR;
    if (n == 0) return Status::NO_MEDIA;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? Status::SUCCESS : Status::NO_MEDIA;
  }
}

}  // namespace readerkit::vpcd::detail
