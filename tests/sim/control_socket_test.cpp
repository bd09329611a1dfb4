// SPDX-License-Identifier: MIT
// The control socket: another process's `sim-control` reaches the reader through it.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "sim_fixture.hpp"
#include "socket_io.hpp"

namespace readerkit::sim::testing {
namespace {

std::string socket_path(const char* name) {
  return (std::filesystem::temp_directory_path() /
          ("rk-sim-" + std::to_string(::getpid()) + "-" + name + ".sock"))
      .string();
}

TEST(SimControl, CardCommandsRoundTrip) {
  const std::string path = socket_path("round");
  SimHost host({"card=absent", "control=" + path});
  ASSERT_TRUE(host.reader);
  CommandReply r = send_control(path, {"card", "insert", "t1"});
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(host.state(), CardState::SCARD_SWALLOWED);
  host.start(SCARD_PROTOCOL_T1);
  EXPECT_EQ(host.transmit(hex("80300000")).sw, 0x9000);

  r = send_control(path, {"card", "insert"});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "a card is already inserted");
  EXPECT_TRUE(send_control(path, {"card", "remove"}).ok);
  EXPECT_EQ(host.state(), CardState::SCARD_ABSENT);
}

TEST(SimControl, FaultCommandsReachTheCard) {
  const std::string path = socket_path("fault");
  SimHost host({"profile=t1", "control=" + path});
  host.start(SCARD_PROTOCOL_T1);
  ASSERT_TRUE(send_control(path, {"fault", "mute"}).ok);
  EXPECT_EQ(host.transmit(hex("80300000")).status, Status::IO_TIMEOUT);
  ASSERT_TRUE(send_control(path, {"fault", "clear"}).ok);
  EXPECT_FALSE(send_control(path, {"fault", "bogus"}).ok);
}

// The wire protocol itself: several lines on one connection, one reply line each.
TEST(SimControl, OneConnectionCarriesSeveralCommands) {
  const std::string path = socket_path("lines");
  SimHost host({"control=" + path});
  const int fd = detail::connect_unix(path, 2000);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(detail::write_all(fd, "card remove\ncard remove\n\ncard insert t0\r\n", 2000));
  detail::LineReader reader(fd);
  EXPECT_EQ(reader.read_line(5000), "ok");
  EXPECT_EQ(reader.read_line(5000), "error no card inserted");
  EXPECT_EQ(reader.read_line(5000), "error empty command");
  EXPECT_EQ(reader.read_line(5000), "ok");
  // A line longer than the limit ends the connection without a reply.
  ASSERT_TRUE(detail::write_all(fd, std::string(5000, 'x'), 2000));
  EXPECT_EQ(reader.read_line(5000), std::nullopt);
  ::close(fd);
  EXPECT_TRUE(send_control(path, {"card", "remove"}).ok);  // the server still serves
}

// A client that keeps its connection alive with a command every 1.5 s (under the idle limit)
// and a crowd of idle connections must not starve another client.
TEST(SimControl, SlowAndIdleClientsDoNotStarveOthers) {
  using namespace std::chrono_literals;
  const std::string path = socket_path("starve");
  SimHost host({"profile=t1", "control=" + path});
  ASSERT_TRUE(host.reader);
  std::atomic<bool> stop{false};
  std::thread slow([&] {
    const int fd = detail::connect_unix(path, detail::kControlTimeoutMs);
    ASSERT_GE(fd, 0);
    detail::LineReader replies(fd);
    while (!stop) {
      ASSERT_TRUE(detail::write_all(fd, "fault clear\n", detail::kControlTimeoutMs));
      ASSERT_TRUE(replies.read_line(detail::kControlTimeoutMs).has_value());
      for (int i = 0; i < 15 && !stop; ++i) std::this_thread::sleep_for(100ms);
    }
    ::close(fd);
  });
  std::vector<int> idle;
  for (std::size_t i = 0; i + 2 < detail::kMaxControlClients; ++i)
    idle.push_back(detail::connect_unix(path, detail::kControlTimeoutMs));
  std::this_thread::sleep_for(200ms);
  for (int i = 0; i < 5; ++i) {
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(send_control(path, {"fault", "clear"}).ok);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s) << "round " << i;
  }
  stop = true;
  slow.join();
  for (int fd : idle) ::close(fd);
}

TEST(SimControl, ConnectionsBeyondTheLimitAreToldSoAndClosed) {
  const std::string path = socket_path("limit");
  SimHost host({"profile=t1", "control=" + path});
  std::vector<int> held;
  for (std::size_t i = 0; i < detail::kMaxControlClients; ++i)
    held.push_back(detail::connect_unix(path, detail::kControlTimeoutMs));
  // The server takes the held connections in its own time (a loaded machine may need more than
  // a moment): ask until it has, within a bound, rather than after a fixed sleep.
  const auto asking = [&](bool want_ok) {
    CommandReply r;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
      r = send_control(path, {"fault", "clear"});
      if (r.ok == want_ok) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return r;
  };
  CommandReply r = asking(false);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.message, "too many control connections");
  for (int fd : held) ::close(fd);
  EXPECT_TRUE(asking(true).ok);  // room again
}

TEST(SimControl, IdleConnectionsAreDroppedAfterTheReadTimeout) {
  const std::string path = socket_path("idle");
  SimHost host({"profile=t1", "control=" + path});
  const int fd = detail::connect_unix(path, detail::kControlTimeoutMs);
  ASSERT_GE(fd, 0);
  detail::LineReader reader(fd);
  // Nothing sent: the server closes the connection (end of stream) after its idle limit.
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(reader.read_line(detail::kServerReadTimeoutMs * 3).has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start,
            std::chrono::milliseconds(detail::kServerReadTimeoutMs * 2));
  ::close(fd);
}

TEST(SimControl, UnreachableSocketIsRefusedNotHung) {
  CommandReply r = send_control(socket_path("nobody"), {"card", "remove"});
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("cannot connect"), std::string::npos);
}

TEST(SimControl, SecondReaderCannotStealALiveSocket) {
  const std::string path = socket_path("steal");
  SimHost first({"control=" + path});
  ASSERT_TRUE(first.reader);
  std::string error;
  EXPECT_EQ(open_sim_reader({"control=" + path}, {}, error), nullptr);
  EXPECT_NE(error.find("in use"), std::string::npos);
  EXPECT_TRUE(send_control(path, {"card", "remove"}).ok);  // the first still answers
}

TEST(SimControl, SocketFileIsRemovedWithTheReader) {
  const std::string path = socket_path("gone");
  {
    SimHost host({"control=" + path});
    EXPECT_TRUE(std::filesystem::exists(path));
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace readerkit::sim::testing
