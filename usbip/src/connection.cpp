// SPDX-License-Identifier: MIT
// One connection of the USB/IP server (connection.hpp).
#include "connection.hpp"

#include <sys/socket.h>

#include "readerkit/usbip/server.hpp"

namespace readerkit::usbip::detail {
namespace {

std::string op_status_name(OpStatus s) {
  switch (s) {
    case OpStatus::ST_OK:
      return "ST_OK";
    case OpStatus::ST_NA:
      return "ST_NA";
    case OpStatus::ST_DEV_BUSY:
      return "ST_DEV_BUSY";
    case OpStatus::ST_DEV_ERR:
      return "ST_DEV_ERR";
    case OpStatus::ST_NODEV:
      return "ST_NODEV";
    case OpStatus::ST_ERROR:
      return "ST_ERROR";
  }
  return "ST_ERROR";
}

}  // namespace

void ReturnWriter::send(const Bytes& message) {
  std::lock_guard lock(mutex_);
  if (!alive_) return;
  if (!Socket::write_all_fd(fd_, message)) {
    alive_ = false;
    ::shutdown(fd_, SHUT_RDWR);  // the reader sees the end and detaches the device
  }
}

void ReturnWriter::close() {
  std::lock_guard lock(mutex_);
  alive_ = false;
}

Connection::Connection(Socket socket, ExportTable& exports, Log log)
    : socket_(std::move(socket)),
      exports_(exports),
      log_(std::move(log)),
      peer_(peer_address(socket_)) {}

void Connection::run() {
  socket_.set_receive_timeout(kRequestTimeout);
  socket_.set_send_timeout(kSendTimeout);
  std::array<std::byte, kOpHeaderSize> head{};
  if (socket_.read_exact(head)) {
    const auto op = decode_op_header(head);
    if (op->version != kVersion) {
      log_(LogLevel::ERROR, "usbip: " + peer_ + ": protocol version " +
                                std::to_string(op->version) + " is not 0x0111");
    } else if (op->code == OP_REQ_DEVLIST) {
      socket_.write_all(encode_devlist_reply(exports_.list()));
    } else if (op->code == OP_REQ_IMPORT) {
      serve_import();
    } else {
      log_(LogLevel::ERROR, "usbip: " + peer_ + ": unknown operation " + std::to_string(op->code));
    }
  }
  socket_.shutdown();  // the peer sees the end now; the descriptor closes when the server reaps us
  finished_ = true;
}

void Connection::serve_import() {
  std::array<std::byte, kBusIdSize> raw{};
  if (!socket_.read_exact(raw)) return;
  const std::string busid = *decode_busid(raw);
  auto claim = exports_.claim(busid, peer_);
  socket_.write_all(encode_import_reply(claim.status, &claim.info));
  if (claim.status != OpStatus::ST_OK) {
    log_(LogLevel::DRIVER,
         "usbip: import of " + busid + " by " + peer_ + " refused (" +
             op_status_name(claim.status) +
             (claim.holder.empty() ? ")" : ": imported by " + claim.holder + ")"));
    return;
  }
  log_(LogLevel::DRIVER, "usbip: " + busid + " attached by " + peer_);
  socket_.set_receive_timeout(std::chrono::milliseconds(0));  // an idle device is normal
  auto writer = std::make_shared<ReturnWriter>(socket_.fd());
  claim.device->attach();
  urb_loop(*claim.device, writer);
  writer->close();
  claim.device->detach();
  exports_.release(busid);
  log_(LogLevel::DRIVER, "usbip: " + busid + " detached by " + peer_);
}

void Connection::urb_loop(UsbDevice& device, const std::shared_ptr<ReturnWriter>& writer) {
  std::array<std::byte, kUrbHeaderSize> raw{};
  while (socket_.read_exact(raw)) {
    auto header = decode_command_header(raw);
    if (!header) {
      log_(LogLevel::ERROR, "usbip: " + peer_ + ": malformed command header; disconnecting");
      return;
    }
    if (header->basic.command == USBIP_CMD_UNLINK) {
      const bool unlinked = device.unlink(header->unlink_seqnum);
      if (unlinked) --writer->outstanding;
      writer->send(encode_ret_unlink(header->basic.seqnum, unlinked ? kErrConnReset : 0));
      continue;
    }
    if (header->isochronous()) {
      log_(LogLevel::ERROR, "usbip: " + peer_ + ": isochronous transfer; disconnecting");
      return;
    }
    const bool in = header->basic.direction == 1;
    Bytes data(in ? 0 : header->transfer_buffer_length);
    if (!socket_.read_exact(data)) return;
    if (writer->outstanding >= kMaxOutstandingUrbs) {
      log_(LogLevel::ERROR, "usbip: " + peer_ + ": more than " +
                                std::to_string(kMaxOutstandingUrbs) +
                                " URBs waiting; disconnecting");
      return;
    }
    ++writer->outstanding;
    const auto seqnum = header->basic.seqnum;
    const auto packets = header->number_of_packets;
    device.submit(to_urb(*header, std::move(data)), [writer, seqnum, in, packets](UrbResult r) {
      --writer->outstanding;
      writer->send(encode_ret_submit(seqnum, r, in, packets));
    });
  }
}

}  // namespace readerkit::usbip::detail
