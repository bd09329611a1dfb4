// SPDX-License-Identifier: MIT
#include "fake_card.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace readerkit::vpcd::test {
namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

void nodelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

Bytes bytes(std::initializer_list<int> values) {
  Bytes out;
  for (int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

Bytes frame(std::span<const std::byte> payload) {
  Bytes out(2 + payload.size());
  out[0] = static_cast<std::byte>(payload.size() >> 8);
  out[1] = static_cast<std::byte>(payload.size() & 0xFF);
  std::copy(payload.begin(), payload.end(), out.begin() + 2);
  return out;
}

Bytes frame(std::initializer_list<int> payload) { return frame(bytes(payload)); }

Bytes vicc_atr() { return bytes({0x3B, 0x95, 0x13, 0x81, 0x01, 0x80, 0x73, 0xFF, 0x01, 0x00, 0x0B}); }
Bytes t0_atr() { return bytes({0x3B, 0x02, 0x14, 0x50}); }

FakeCard::Script FakeCard::echo_card(Bytes atr) {
  return [atr](std::span<const std::byte> payload) -> std::optional<Bytes> {
    if (payload.size() == 1) {
      if (payload[0] == std::byte{0x04}) return frame(atr);
      return std::nullopt;
    }
    Bytes response(payload.begin() + std::min<std::ptrdiff_t>(5, std::ssize(payload)), payload.end());
    response.push_back(std::byte{0x90});
    response.push_back(std::byte{0x00});
    return frame(response);
  };
}

std::unique_ptr<FakeCard> FakeCard::connect(std::uint16_t port, Script script) {
  std::unique_ptr<FakeCard> card(new FakeCard(std::move(script)));
  card->fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr = loopback(port);
  if (::connect(card->fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return nullptr;
  nodelay(card->fd_);
  card->port_ = port;
  card->thread_ = std::thread([c = card.get()] { c->serve(); });
  return card;
}

std::unique_ptr<FakeCard> FakeCard::listen(Script script, std::uint16_t port) {
  std::unique_ptr<FakeCard> card(new FakeCard(std::move(script)));
  card->listener_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(card->listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr = loopback(port);
  socklen_t len = sizeof addr;
  if (bind(card->listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(card->listener_, 1) != 0 ||
      getsockname(card->listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return nullptr;
  card->port_ = ntohs(addr.sin_port);
  card->thread_ = std::thread([c = card.get()] {
    while (!c->stop_) {
      pollfd p{c->listener_, POLLIN, 0};
      if (poll(&p, 1, 50) > 0) {
        c->fd_ = accept(c->listener_, nullptr, nullptr);
        nodelay(c->fd_);
        break;
      }
    }
    c->serve();
  });
  return card;
}

FakeCard::~FakeCard() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
  if (listener_ >= 0) ::close(listener_);
}

void FakeCard::send_raw(std::span<const std::byte> raw) {
  [[maybe_unused]] auto n = ::send(fd_, raw.data(), raw.size(), MSG_NOSIGNAL);
}

void FakeCard::close() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::vector<Bytes> FakeCard::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

// Reads `out` completely, waking every 50 ms to notice stop_; false on end of stream or stop.
bool FakeCard::read_full(std::span<std::byte> out) {
  while (!out.empty()) {
    pollfd p{fd_, POLLIN, 0};
    if (stop_) return false;
    if (poll(&p, 1, 50) <= 0) continue;
    ssize_t n = recv(fd_, out.data(), out.size(), 0);
    if (n <= 0) {
      peer_closed_ = true;
      return false;
    }
    out = out.subspan(static_cast<std::size_t>(n));
  }
  return true;
}

void FakeCard::serve() {
  while (!stop_ && fd_ >= 0) {
    std::array<std::byte, 2> prefix{};
    if (!read_full(prefix)) return;
    Bytes payload(static_cast<std::size_t>(prefix[0]) << 8 | static_cast<std::size_t>(prefix[1]));
    if (!read_full(payload)) return;
    {
      std::lock_guard lock(mutex_);
      received_.push_back(payload);
    }
    if (auto answer = script_(payload)) send_raw(*answer);
    if (hang_up_after_answer_) {
      ::shutdown(fd_, SHUT_RDWR);
      return;
    }
  }
}

}  // namespace readerkit::vpcd::test
