// SPDX-License-Identifier: MIT
// ccid-vscard-card: plays a ReaderKit card behind QEMU's usb-ccid reader over the VSCard
// protocol (ccid-card-passthru; docs/ccid.md). The card is any reader SPEC the registry
// opens (normally the simulated card, `sim:profile=t0`); every APDU QEMU forwards is sent to
// it with IOCTL_SMARTCARD_TRANSMIT over T=0 as it is, so 61xx answers come back unchanged.
// A test in the guest removes and reinserts the card by creating the files `remove` and
// `insert` in the control folder (the VM's shared folder), which this program watches.
//
// Usage: ccid-vscard-card SOCKET CONTROL_DIR [SPEC]   (listens on SOCKET; QEMU connects)
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "readerkit/card.hpp"
#include "readerkit/device.hpp"
#include "readerkit/drivers/registry.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"

namespace {

using readerkit::Bytes;
namespace fs = std::filesystem;

// VSCard message types (QEMU's vscard_common.h).
enum : std::uint32_t { Init = 1, Error = 2, ReaderAdd = 3, ATR = 5, CardRemove = 6, APDU = 7,
                       Flush = 8, FlushComplete = 9 };
constexpr std::uint32_t kReader = 0;

void put32(Bytes& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::byte>(v >> shift));
}
std::uint32_t get32(const std::byte* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 |
         std::uint32_t(p[3]);
}

bool send_message(int fd, std::uint32_t type, std::uint32_t reader, const Bytes& payload) {
  Bytes m;
  put32(m, type);
  put32(m, reader);
  put32(m, static_cast<std::uint32_t>(payload.size()));
  m.insert(m.end(), payload.begin(), payload.end());
  return ::send(fd, m.data(), m.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(m.size());
}

bool read_exact(int fd, std::byte* p, std::size_t n) {
  while (n > 0) {
    const ssize_t got = ::read(fd, p, n);
    if (got <= 0) return false;
    p += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

class Card {
 public:
  explicit Card(readerkit::Device& device) : device_(device) {}

  // Cold reset and T=0; the ATR for the ATR message.
  Bytes reset() {
    Bytes out(64);
    auto r = device_.control(readerkit::IOCTL_SMARTCARD_POWER, readerkit::le32_bytes(1), out);
    if (r.status != readerkit::Status::SUCCESS) return {};
    out.resize(r.information);
    Bytes selected(4);
    device_.control(readerkit::IOCTL_SMARTCARD_SET_PROTOCOL,
                    readerkit::le32_bytes(readerkit::SCARD_PROTOCOL_T0), selected);
    return out;
  }

  // The TPDU QEMU forwards, over T=0; a failure is answered 6F 00 (no precise diagnosis).
  Bytes transmit(const Bytes& command) {
    const Bytes in = readerkit::transmit_request(readerkit::SCARD_PROTOCOL_T0, command);
    Bytes out(8 + 258);
    auto r = device_.control(readerkit::IOCTL_SMARTCARD_TRANSMIT, in, out);
    if (r.status != readerkit::Status::SUCCESS || r.information < 10) {
      return {std::byte{0x6F}, std::byte{0x00}};
    }
    return Bytes(out.begin() + 8, out.begin() + static_cast<std::ptrdiff_t>(r.information));
  }

 private:
  readerkit::Device& device_;
};

int listen_on(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  ::unlink(path.c_str());
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(fd, 1) != 0) {
    std::perror("ccid-vscard-card: listen");
    return -1;
  }
  return fd;
}

// Acts on `remove` / `insert` files the guest creates in the control folder.
void check_control(int fd, const fs::path& dir, Card& card) {
  std::error_code ec;
  if (fs::remove(dir / "remove", ec)) {
    send_message(fd, CardRemove, kReader, {});
  }
  if (fs::remove(dir / "insert", ec)) {
    send_message(fd, ATR, kReader, card.reset());
  }
}

// One message from QEMU; false when the connection ended.
bool serve_one(int fd, Card& card, const Bytes& atr) {
  std::byte header[12];
  if (!read_exact(fd, header, sizeof header)) return false;
  const std::uint32_t type = get32(header), length = get32(header + 8);
  if (length > 65'600) return false;
  Bytes payload(length);
  if (length > 0 && !read_exact(fd, payload.data(), length)) return false;
  switch (type) {
    case Init: {
      const std::string name = "ReaderKit simulated card";
      Bytes n(reinterpret_cast<const std::byte*>(name.c_str()),
              reinterpret_cast<const std::byte*>(name.c_str()) + name.size() + 1);
      return send_message(fd, ReaderAdd, kReader, n) && send_message(fd, ATR, kReader, atr);
    }
    case APDU: return send_message(fd, APDU, kReader, card.transmit(payload));
    case Flush: return send_message(fd, FlushComplete, kReader, {});
    default: return true;  // Error carries acknowledgements; nothing to do
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: ccid-vscard-card SOCKET CONTROL_DIR [SPEC]\n");
    return 2;
  }
  auto opened = readerkit::drivers::open_reader(argc > 3 ? argv[3] : "sim:profile=t0");
  if (!opened.reader) {
    std::fprintf(stderr, "ccid-vscard-card: %s\n", opened.error.c_str());
    return 1;
  }
  Card card(opened.reader->slot(0));
  const Bytes atr = card.reset();
  int listener = listen_on(argv[1]);
  if (listener < 0) return 1;
  int fd = ::accept(listener, nullptr, nullptr);
  if (fd < 0) return 1;
  Bytes init;
  for (char c : std::string("VSCD")) init.push_back(static_cast<std::byte>(c));
  put32(init, 2);  // protocol version
  put32(init, 0);  // capabilities
  send_message(fd, Init, 0xFFFFFFFFu, init);
  const fs::path control = argv[2];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 10);  // 10 ms: the control files' reaction time
    if (ready < 0) break;
    if (ready > 0 && !serve_one(fd, card, atr)) break;
    check_control(fd, control, card);
  }
  ::close(fd);
  ::close(listener);
  return 0;
}
