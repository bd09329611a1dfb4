// SPDX-License-Identifier: MIT
// TCP sockets for the USB/IP server and client: an owned descriptor, exact reads and writes,
// the HOST:PORT forms.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "readerkit/bytes.hpp"

namespace readerkit::usbip::detail {

/// A socket descriptor closed when the object goes.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket();
  Socket(Socket&& other) noexcept : fd_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  int fd() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release();

  /// Reads exactly out.size() bytes; false at end of stream, on error or timeout.
  bool read_exact(std::span<std::byte> out) const;
  /// Writes every byte; false on error or when the send timeout ran out.
  bool write_all(std::span<const std::byte> bytes) const { return write_all_fd(fd_, bytes); }
  static bool write_all_fd(int fd, std::span<const std::byte> bytes);
  /// SO_RCVTIMEO / SO_SNDTIMEO; zero: wait without a bound.
  void set_receive_timeout(std::chrono::milliseconds t) const;
  void set_send_timeout(std::chrono::milliseconds t) const;
  /// Wakes a thread blocked in read_exact() or accept() on this socket.
  void shutdown() const;

 private:
  int fd_ = -1;
};

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};

/// "HOST:PORT"; false for a missing or non-numeric port.
bool parse_host_port(const std::string& text, HostPort& out);

/// A listening socket on HOST:PORT; invalid with `error` set when it cannot be made.
Socket listen_on(const HostPort& where, std::string& error);
/// The "HOST:PORT" a socket is bound to.
std::string local_address(const Socket& s);
/// The "HOST:PORT" of a connected socket's peer.
std::string peer_address(const Socket& s);
/// A connected socket to HOST:PORT within `timeout`; invalid with `error` set otherwise.
Socket connect_to(const HostPort& where, std::chrono::milliseconds timeout, std::string& error);

}  // namespace readerkit::usbip::detail
