// SPDX-License-Identifier: MIT
// The USB/IP server over real loopback sockets with a scripted device: listing, importing
// (unknown busid, a second importer refused until the first leaves), URBs completed later from
// another thread, unlink, a peer that disconnects mid-transfer, garbage, stop() with a peer
// connected; and Linux's own `usbip list -r` reading our device list.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "readerkit/usbip/protocol.hpp"
#include "readerkit/usbip/server.hpp"

namespace readerkit::usbip {
namespace {

using namespace std::chrono_literals;

// Endpoint 0 answers at once; endpoint 2 IN waits until the test completes it.
class FakeDevice : public UsbDevice {
 public:
  DeviceInfo info() const override {
    DeviceInfo d;
    d.idVendor = 0x1209;
    d.idProduct = 0x0001;
    d.interfaces = {{0x0B, 0, 0}};
    return d;
  }
  void attach() override {
    std::lock_guard lock(m);
    ++attaches;
  }
  void detach() override {
    std::lock_guard lock(m);
    ++detaches;
    waiting.clear();
    cv.notify_all();
  }
  void submit(Urb urb, UrbCompletion complete) override {
    if (urb.endpoint == 0) {
      UrbResult r;
      r.data = {std::byte{0xAB}, std::byte{0xCD}};
      complete(r);
      return;
    }
    if (urb.direction == Direction::out) {
      UrbResult r;
      r.actual_length = static_cast<std::uint32_t>(urb.data.size());
      complete(r);
      return;
    }
    std::lock_guard lock(m);
    waiting.emplace_back(urb.seqnum, std::move(complete));
    cv.notify_all();
  }
  bool unlink(std::uint32_t seqnum) override {
    std::lock_guard lock(m);
    for (auto it = waiting.begin(); it != waiting.end(); ++it) {
      if (it->first == seqnum) {
        waiting.erase(it);
        return true;
      }
    }
    return false;
  }
  // Completes the oldest waiting IN transfer (from the calling thread).
  bool complete_one(Bytes data) {
    UrbCompletion done;
    {
      std::unique_lock lock(m);
      if (!cv.wait_for(lock, 2s, [&] { return !waiting.empty(); })) return false;
      done = std::move(waiting.front().second);
      waiting.erase(waiting.begin());
    }
    UrbResult r;
    r.data = std::move(data);
    done(r);
    return true;
  }
  int detach_count() {
    std::unique_lock lock(m);
    cv.wait_for(lock, 2s, [&] { return detaches > 0; });
    return detaches;
  }

  std::mutex m;
  std::condition_variable cv;
  std::vector<std::pair<std::uint32_t, UrbCompletion>> waiting;
  int attaches = 0;
  int detaches = 0;
};

struct Client {
  int fd = -1;
  explicit Client(const std::string& address) {
    const auto colon = address.rfind(':');
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
    inet_pton(AF_INET, address.substr(0, colon).c_str(), &a.sin_addr);
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) ADD_FAILURE() << "connect";
  }
  ~Client() { close(); }
  void close() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  void send(const Bytes& b) {
    ASSERT_EQ(::send(fd, b.data(), b.size(), MSG_NOSIGNAL), static_cast<ssize_t>(b.size()));
  }
  Bytes read(std::size_t n) {
    Bytes b(n);
    std::size_t got = 0;
    while (got < n) {
      const auto r = ::recv(fd, b.data() + got, n - got, 0);
      if (r <= 0) break;
      got += static_cast<std::size_t>(r);
    }
    b.resize(got);
    return b;
  }
  // True when the server closed the connection (end of stream), false on a timeout.
  bool closed() {
    std::byte b{};
    return ::recv(fd, &b, 1, 0) == 0;
  }
  std::uint32_t import(const std::string& busid) {
    send(encode_import_request(busid));
    const auto head = read(8);
    if (head.size() < 8) return 0xFFFFFFFF;
    const auto status = decode_op_header(head)->status;
    if (status == 0) {
      EXPECT_EQ(read(kDeviceSize).size(), kDeviceSize);
    }
    return status;
  }
  void submit(std::uint32_t seqnum, std::uint32_t ep, bool in, Bytes data = {},
              std::uint32_t length = 0) {
    CommandHeader h;
    h.basic.seqnum = seqnum;
    h.basic.ep = ep;
    h.basic.direction = in ? 1 : 0;
    h.transfer_buffer_length = in ? length : static_cast<std::uint32_t>(data.size());
    auto bytes = encode_submit(h);
    bytes.insert(bytes.end(), data.begin(), data.end());
    send(bytes);
  }
  // A RET_* header and the data it announces.
  std::pair<ReturnHeader, Bytes> ret(bool in) {
    auto head = read(kUrbHeaderSize);
    auto h = decode_return_header(head);
    if (!h) return {};
    Bytes data;
    if (in && h->basic.command == USBIP_RET_SUBMIT) data = read(h->actual_length);
    return {*h, data};
  }
};

struct Fixture {
  std::shared_ptr<FakeDevice> device = std::make_shared<FakeDevice>();
  Server server{{device}, ServerOptions{"127.0.0.1:0", {}}};
  std::string address;
  Fixture() {
    EXPECT_EQ(server.start(), "");
    address = server.listen_address();
  }
};

TEST(UsbipServer, ListsItsExports) {
  Fixture f;
  auto list = list_exported(f.address);
  ASSERT_TRUE(list) << list.error;
  ASSERT_EQ(list.devices.size(), 1u);
  EXPECT_EQ(list.devices[0].busid, "1-1");
  EXPECT_EQ(list.devices[0].idVendor, 0x1209);
  EXPECT_EQ(list.devices[0].interfaces.at(0).bInterfaceClass, 0x0B);
}

TEST(UsbipServer, BadListenAddressesAreClearErrors) {
  auto device = std::make_shared<FakeDevice>();
  Server a({device}, ServerOptions{"127.0.0.1", {}});
  EXPECT_EQ(a.start(), "cannot listen on '127.0.0.1': not HOST:PORT");
  Fixture f;
  Server b({device}, ServerOptions{f.address, {}});
  EXPECT_EQ(b.start(), "cannot listen on " + f.address + ": Address already in use");
  EXPECT_FALSE(list_exported("127.0.0.1:1", 1s));
}

TEST(UsbipServer, OneImporterAtATime) {
  Fixture f;
  Client first(f.address);
  EXPECT_EQ(first.import("1-1"), 0u);
  Client unknown(f.address);
  EXPECT_EQ(unknown.import("1-9"), static_cast<std::uint32_t>(OpStatus::ST_NODEV));
  Client second(f.address);
  EXPECT_EQ(second.import("1-1"), static_cast<std::uint32_t>(OpStatus::ST_DEV_BUSY));
  first.close();
  EXPECT_EQ(f.device->detach_count(), 1);
  Client third(f.address);
  EXPECT_EQ(third.import("1-1"), 0u);
}

TEST(UsbipServer, UrbsCompleteNowOrLaterAndUnlinkWithdrawsThem) {
  Fixture f;
  Client c(f.address);
  ASSERT_EQ(c.import("1-1"), 0u);
  c.submit(1, 0, true, {}, 18);  // control: at once
  auto [h1, d1] = c.ret(true);
  EXPECT_EQ(h1.basic.seqnum, 1u);
  EXPECT_EQ(d1, (Bytes{std::byte{0xAB}, std::byte{0xCD}}));
  c.submit(2, 1, false, Bytes(10));  // bulk OUT
  auto [h2, d2] = c.ret(false);
  EXPECT_EQ(h2.basic.seqnum, 2u);
  EXPECT_EQ(h2.actual_length, 10u);
  c.submit(3, 2, true, {}, 64);  // bulk IN: waits
  c.submit(4, 2, true, {}, 64);
  std::thread later([&] { EXPECT_TRUE(f.device->complete_one({std::byte{0x90}})); });
  auto [h3, d3] = c.ret(true);
  later.join();
  EXPECT_EQ(h3.basic.seqnum, 3u);
  EXPECT_EQ(d3, Bytes{std::byte{0x90}});
  c.send(encode_unlink(5, 4));  // 4 still waits: unlinked
  auto [h5, d5] = c.ret(false);
  EXPECT_EQ(h5.basic.command, USBIP_RET_UNLINK);
  EXPECT_EQ(h5.basic.seqnum, 5u);
  EXPECT_EQ(h5.status, kErrConnReset);
  c.send(encode_unlink(6, 3));  // 3 completed already
  auto [h6, d6] = c.ret(false);
  EXPECT_EQ(h6.status, 0);
}

TEST(UsbipServer, APeerLeavingMidTransferDetachesTheDevice) {
  Fixture f;
  {
    Client c(f.address);
    ASSERT_EQ(c.import("1-1"), 0u);
    c.submit(1, 2, true, {}, 64);
    // Half a header, then gone.
    c.send(Bytes(20));
  }
  EXPECT_EQ(f.device->detach_count(), 1);
  Client again(f.address);
  EXPECT_EQ(again.import("1-1"), 0u);
}

TEST(UsbipServer, GarbageEndsTheConnection) {
  Fixture f;
  Client c(f.address);
  ASSERT_EQ(c.import("1-1"), 0u);
  c.send(Bytes(48, std::byte{0xEE}));
  EXPECT_TRUE(c.closed());
  EXPECT_EQ(f.device->detach_count(), 1);
  Client wrong_version(f.address);
  wrong_version.send(Bytes{std::byte{0x01}, std::byte{0x00}, std::byte{0x80}, std::byte{0x05},
                           std::byte{0}, std::byte{0}, std::byte{0}, std::byte{0}});
  EXPECT_TRUE(wrong_version.closed());
}

TEST(UsbipServer, AnOversizedTransferIsNotAllocated) {
  Fixture f;
  Client c(f.address);
  ASSERT_EQ(c.import("1-1"), 0u);
  CommandHeader h;
  h.basic.seqnum = 1;
  h.basic.ep = 1;
  h.transfer_buffer_length = 0x7FFFFFFF;
  c.send(encode_submit(h));
  EXPECT_TRUE(c.closed());
  EXPECT_EQ(f.device->detach_count(), 1);
}

TEST(UsbipServer, StopEndsConnectedPeers) {
  auto f = std::make_unique<Fixture>();
  Client c(f->address);
  ASSERT_EQ(c.import("1-1"), 0u);
  c.submit(1, 2, true, {}, 64);
  f->server.stop();
  EXPECT_EQ(f->device->detach_count(), 1);
  EXPECT_TRUE(c.closed());
}

// Linux's usbip tool (Debian's `usbip` package) reads our OP_REP_DEVLIST.
TEST(UsbipServer, LinuxUsbipListsTheExport) {
  Fixture f;
  const auto port = f.address.substr(f.address.rfind(':') + 1);
  const std::string command = "usbip --tcp-port " + port + " list -r 127.0.0.1 2>&1";
  FILE* p = ::popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char line[512];
  while (std::fgets(line, sizeof line, p) != nullptr) out += line;
  const int rc = ::pclose(p);
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("1-1:"), std::string::npos) << out;
  EXPECT_NE(out.find("(1209:0001)"), std::string::npos) << out;
  EXPECT_NE(out.find("(0b/00/00)"), std::string::npos) << out;
}

}  // namespace
}  // namespace readerkit::usbip
