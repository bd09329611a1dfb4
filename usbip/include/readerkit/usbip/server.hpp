// SPDX-License-Identifier: MIT
// The USB/IP server (docs/usbip.md "The USB/IP server"): exports devices as busids 1-1, 1-2,
// ... on a TCP address, answers OP_REQ_DEVLIST, lets one importer at a time import each device
// (OP_REQ_IMPORT) and then carries its URBs (USBIP_CMD_SUBMIT / CMD_UNLINK) to the device.
// Plus the client side of OP_REQ_DEVLIST for `readerkit usbip list`.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "readerkit/log.hpp"
#include "readerkit/usbip/usb_device.hpp"

namespace readerkit::usbip {

/// URBs one connection may have waiting in its device; more is a flooding peer, disconnected.
inline constexpr std::size_t kMaxOutstandingUrbs = 256;
/// How long a write to a peer may block before the peer counts as dead and is disconnected.
inline constexpr std::chrono::seconds kSendTimeout{5};
/// How long a new connection may take to send its operation request.
inline constexpr std::chrono::seconds kRequestTimeout{10};

struct ServerOptions {
  /// "HOST:PORT" (IPv4 address or name); port 0 picks a free one (listen_address() says which).
  std::string listen = "127.0.0.1:3240";
  Log log;  // attach, detach and refusals (DRIVER), connection errors (ERROR)
};

class Server {
 public:
  Server(std::vector<std::shared_ptr<UsbDevice>> devices, ServerOptions options);
  ~Server();  // stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds, listens and starts serving; "" on success, else a one-line reason ("cannot listen
  /// on 127.0.0.1:3240: Address already in use").
  std::string start();
  /// "HOST:PORT" as bound (the real port when 0 was asked).
  std::string listen_address() const;
  /// Closes the listener and every connection (detaching their devices) and joins the threads.
  void stop();

  /// The busid of the export at `index` ("1-1" for 0).
  static std::string busid(std::size_t index);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The devices a USB/IP server at "HOST:PORT" exports (OP_REQ_DEVLIST); `error` is set, and
/// `devices` empty, when it cannot be reached or answers something else within `timeout`.
struct ListResult {
  std::vector<DeviceInfo> devices;
  std::string error;
  explicit operator bool() const { return error.empty(); }
};
ListResult list_exported(const std::string& host_port,
                         std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace readerkit::usbip
