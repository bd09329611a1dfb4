// SPDX-License-Identifier: MIT
// The USB/IP server (server.hpp): one accepting thread, one thread per connection.
#include "readerkit/usbip/server.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <list>
#include <mutex>
#include <thread>

#include "connection.hpp"
#include "export_table.hpp"
#include "socket.hpp"

namespace readerkit::usbip {

struct Server::Impl {
  Impl(std::vector<std::shared_ptr<UsbDevice>> devices, ServerOptions o)
      : options(std::move(o)), exports(std::move(devices)) {}

  struct Running {
    std::unique_ptr<detail::Connection> connection;
    std::thread thread;
  };

  ServerOptions options;
  detail::ExportTable exports;
  detail::Socket listener;
  std::string bound;
  std::thread acceptor;
  std::mutex mutex;
  std::list<Running> connections;
  bool stopping = false;

  // Joins the threads of connections that ended (under the lock).
  void reap() {
    for (auto it = connections.begin(); it != connections.end();) {
      if (it->connection->finished()) {
        it->thread.join();
        it = connections.erase(it);
      } else {
        ++it;
      }
    }
  }

  void accept_loop() {
    while (true) {
      const int fd = ::accept4(listener.fd(), nullptr, nullptr, SOCK_CLOEXEC);
      std::lock_guard lock(mutex);
      if (stopping) {
        if (fd >= 0) detail::Socket closing(fd);
        return;
      }
      if (fd < 0) continue;
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      reap();
      auto connection =
          std::make_unique<detail::Connection>(detail::Socket(fd), exports, options.log);
      auto* c = connection.get();
      connections.push_back({std::move(connection), std::thread([c] { c->run(); })});
    }
  }
};

Server::Server(std::vector<std::shared_ptr<UsbDevice>> devices, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(devices), std::move(options))) {}

Server::~Server() {
  stop();
}

std::string Server::busid(std::size_t index) {
  return "1-" + std::to_string(index + 1);
}

std::string Server::start() {
  detail::HostPort where;
  if (!detail::parse_host_port(impl_->options.listen, where)) {
    return "cannot listen on '" + impl_->options.listen + "': not HOST:PORT";
  }
  std::string error;
  impl_->listener = detail::listen_on(where, error);
  if (!impl_->listener.valid()) {
    return "cannot listen on " + impl_->options.listen + ": " + error;
  }
  impl_->bound = detail::local_address(impl_->listener);
  impl_->acceptor = std::thread([this] { impl_->accept_loop(); });
  return {};
}

std::string Server::listen_address() const {
  return impl_->bound;
}

void Server::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping) return;
    impl_->stopping = true;
    impl_->listener.shutdown();
    for (auto& r : impl_->connections) r.connection->interrupt();
  }
  if (impl_->acceptor.joinable()) impl_->acceptor.join();
  for (auto& r : impl_->connections) r.thread.join();
  impl_->connections.clear();
}

ListResult list_exported(const std::string& host_port, std::chrono::milliseconds timeout) {
  ListResult result;
  detail::HostPort where;
  if (!detail::parse_host_port(host_port, where)) {
    result.error = "not HOST:PORT";
    return result;
  }
  auto socket = detail::connect_to(where, timeout, result.error);
  if (!socket.valid()) return result;
  if (!socket.write_all(encode_op_header({kVersion, OP_REQ_DEVLIST, 0}))) {
    result.error = "the server closed the connection";
    return result;
  }
  // The reply is read whole (the server closes after it), bounded by the largest list of
  // devices a server may send: 1 MiB.
  Bytes reply;
  std::array<std::byte, 4096> chunk{};
  while (reply.size() < kMaxTransferLength) {
    const auto n = ::recv(socket.fd(), chunk.data(), chunk.size(), 0);
    if (n <= 0) break;
    reply.insert(reply.end(), chunk.begin(), chunk.begin() + n);
  }
  auto devices = decode_devlist_reply(reply);
  if (!devices) {
    result.error = "not a USB/IP device list";
    return result;
  }
  result.devices = std::move(*devices);
  return result;
}

}  // namespace readerkit::usbip
