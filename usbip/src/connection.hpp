// SPDX-License-Identifier: MIT
// One TCP connection of the USB/IP server: its operation request (DEVLIST or IMPORT), then, for
// an import, the URB stream between the peer and the device until either side ends it.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "export_table.hpp"
#include "readerkit/log.hpp"
#include "socket.hpp"

namespace readerkit::usbip::detail {

/// Serialised writes of RET_* messages from any thread; after close() (or a failed write)
/// every write is dropped, so completions arriving after a disconnect are harmless.
class ReturnWriter {
 public:
  explicit ReturnWriter(int fd) : fd_(fd) {}
  void send(const Bytes& message);
  void close();
  /// URBs handed to the device and not completed or unlinked yet.
  std::atomic<std::size_t> outstanding{0};

 private:
  std::mutex mutex_;
  int fd_;
  bool alive_ = true;
};

class Connection {
 public:
  Connection(Socket socket, ExportTable& exports, Log log);
  /// The connection's thread: serves it to the end.
  void run();
  /// Wakes run() from another thread (server stop).
  void interrupt() const { socket_.shutdown(); }
  bool finished() const { return finished_; }

 private:
  void serve_import();
  void urb_loop(UsbDevice& device, const std::shared_ptr<ReturnWriter>& writer);

  Socket socket_;
  ExportTable& exports_;
  Log log_;
  std::string peer_;
  std::atomic<bool> finished_{false};
};

}  // namespace readerkit::usbip::detail
