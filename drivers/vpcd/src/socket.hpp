// SPDX-License-Identifier: MIT
// TCP plumbing for the vpcd transport: an owning descriptor, listen / connect on loopback or a
// named host, and reads and writes bounded by a deadline (a stalled peer must never hang a
// request: docs/contract/ioctl.md §4, TRANSMIT on a silent card).
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "readerkit/result.hpp"
#include "readerkit/status.hpp"

namespace readerkit::vpcd::detail {

using Clock = std::chrono::steady_clock;

/// Owns one file descriptor; closes it on destruction. Move-only.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  int release();
  void reset();

 private:
  int fd_ = -1;
};

/// A listening TCP socket on HOST:PORT (PORT 0: the kernel picks one). Only the address the
/// host names is bound: "127.0.0.1" stays on loopback, all interfaces need "0.0.0.0" or "::".
/// `error` gets a one-line reason on failure.
Result<Fd> listen_tcp(const std::string& host, std::uint16_t port, std::string& error);

/// Connects to HOST:PORT within `timeout`; IO_TIMEOUT or NO_MEDIA (refused, unreachable).
Result<Fd> connect_tcp(const std::string& host, std::uint16_t port,
                       std::chrono::milliseconds timeout);

/// Accepts one pending connection of a listener (non-blocking; invalid Fd when none).
Fd accept_tcp(int listener);

/// The local port a socket is bound to (0 when unknown).
std::uint16_t local_port(int fd);

/// Per-connection options: non-blocking I/O and TCP_NODELAY (every message is one segment;
/// Nagle plus delayed ACK would add ~40 ms to each exchange, as Debian's vpcd shows).
void configure_stream(int fd);

/// Writes every byte before `deadline` (one send() call when the socket buffer has room).
/// IO_TIMEOUT when the peer does not drain, NO_MEDIA when the connection is gone.
Status write_all(int fd, std::span<const std::byte> bytes, Clock::time_point deadline);

/// Reads exactly `out.size()` bytes before `deadline`. IO_TIMEOUT for a stall, NO_MEDIA for a
/// closed or reset connection (a short read at end of stream included).
Status read_exact(int fd, std::span<std::byte> out, Clock::time_point deadline);

/// Checks a connection on which the peer should be silent: SUCCESS when nothing waits,
/// NO_MEDIA for end of stream or an error, DEVICE_PROTOCOL_ERROR for unsolicited bytes.
Status check_quiet(int fd);

}  // namespace readerkit::vpcd::detail
