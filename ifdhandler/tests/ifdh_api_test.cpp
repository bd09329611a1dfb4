// SPDX-License-Identifier: MIT
// The built libifd-readerkit.so driven through its C entry points, as pcscd drives it
// (dlopen, the IFDH v3 calls, the event functions from TAG_IFD_POLLING_THREAD_WITH_TIMEOUT),
// against the simulated reader with a control socket. Output contracts, card events, stop,
// close while waiting. Every wait is bounded.
#include <dlfcn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <future>
#include <string>
#include <thread>

#include "pcsc_api.hpp"

extern "C" {
#include <PCSC/reader.h>  // SCARD_ATTR_DEVICE_* (the names pcscd answers itself)
}

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Api {
  void* lib = dlopen(READERKIT_IFD_HANDLER, RTLD_NOW | RTLD_LOCAL);
  template <class F>
  F get(const char* name) { return reinterpret_cast<F>(dlsym(lib, name)); }
  decltype(&IFDHCreateChannelByName) create = get<decltype(&IFDHCreateChannelByName)>("IFDHCreateChannelByName");
  decltype(&IFDHCloseChannel) close = get<decltype(&IFDHCloseChannel)>("IFDHCloseChannel");
  decltype(&IFDHGetCapabilities) caps = get<decltype(&IFDHGetCapabilities)>("IFDHGetCapabilities");
  decltype(&IFDHPowerICC) power = get<decltype(&IFDHPowerICC)>("IFDHPowerICC");
  decltype(&IFDHSetProtocolParameters) protocol = get<decltype(&IFDHSetProtocolParameters)>("IFDHSetProtocolParameters");
  decltype(&IFDHTransmitToICC) transmit = get<decltype(&IFDHTransmitToICC)>("IFDHTransmitToICC");
  decltype(&IFDHICCPresence) presence = get<decltype(&IFDHICCPresence)>("IFDHICCPresence");
};

Api& api() {
  static Api a;
  return a;
}

using PollFn = RESPONSECODE (*)(DWORD, int);
using StopFn = RESPONSECODE (*)(DWORD);

template <class Fn>
Fn function_tag(DWORD lun, DWORD tag) {
  Fn fn = nullptr;
  DWORD length = sizeof fn;
  EXPECT_EQ(api().caps(lun, tag, &length, reinterpret_cast<PUCHAR>(&fn)), IFD_SUCCESS);
  EXPECT_EQ(length, sizeof fn);
  return fn;
}

std::string control_path(DWORD lun) {
  return "/tmp/readerkit-ifdh-test-" + std::to_string(getpid()) + "-" + std::to_string(lun) + ".sock";
}

bool sim_control(const std::string& path, const std::string& line) {
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
            write(fd, (line + "\n").data(), line.size() + 1) == static_cast<ssize_t>(line.size() + 1);
  char reply[64] = {};
  ok = ok && read(fd, reply, sizeof reply - 1) > 0 && std::strncmp(reply, "ok", 2) == 0;
  ::close(fd);
  return ok;
}

class IfdhApi : public ::testing::Test {
 protected:
  static constexpr DWORD kLun = 0x30000;
  void SetUp() override {
    ASSERT_NE(api().lib, nullptr) << dlerror();
    std::string name = "sim:profile=default:control=" + control_path(kLun);
    ASSERT_EQ(api().create(kLun, name.data()), IFD_SUCCESS);
  }
  void TearDown() override { EXPECT_EQ(api().close(kLun), IFD_SUCCESS); }
};

TEST(IfdhApiStandalone, WrongDeviceNameFailsAndUnknownLunsZeroTheirOutputs) {
  ASSERT_NE(api().lib, nullptr) << dlerror();
  char bad[] = "\"nosuch:x\"";
  EXPECT_EQ(api().create(0x50000, bad), IFD_COMMUNICATION_ERROR);
  UCHAR buffer[64];
  DWORD length = sizeof buffer;
  EXPECT_EQ(api().caps(0x50000, TAG_IFD_SLOTS_NUMBER, &length, buffer), IFD_NO_SUCH_DEVICE);
  EXPECT_EQ(length, 0u);
  length = sizeof buffer;
  EXPECT_EQ(api().power(0x50000, IFD_POWER_UP, buffer, &length), IFD_NO_SUCH_DEVICE);
  EXPECT_EQ(length, 0u);
  EXPECT_EQ(api().presence(0x50000), IFD_NO_SUCH_DEVICE);
}

TEST_F(IfdhApi, SlotAttachRulesFollowTheReader) {
  char name[] = "sim";
  EXPECT_EQ(api().create(kLun, name), IFD_COMMUNICATION_ERROR);      // Lun already open
  EXPECT_EQ(api().create(kLun | 1, name), IFD_COMMUNICATION_ERROR);  // no slot 1
  UCHAR value[1] = {};
  DWORD length = 1;
  ASSERT_EQ(api().caps(kLun, TAG_IFD_SLOTS_NUMBER, &length, value), IFD_SUCCESS);
  EXPECT_EQ(value[0], 1);
  length = 0;
  EXPECT_EQ(api().caps(kLun, TAG_IFD_THREAD_SAFE, &length, value), IFD_ERROR_INSUFFICIENT_BUFFER);
  EXPECT_EQ(length, 0u);
}

// pcscd 1.9.9 answers the name attributes itself when the handler says IFD_ERROR_TAG, and
// compares the name's length with *Length afterwards: the handler must leave it as given.
TEST_F(IfdhApi, UnknownTagLeavesLengthAsGivenForPcscdsOwnAnswer) {
  const DWORD tags[] = {SCARD_ATTR_DEVICE_FRIENDLY_NAME_A, SCARD_ATTR_DEVICE_SYSTEM_NAME_A,
                        SCARD_ATTR_DEVICE_FRIENDLY_NAME_W, SCARD_ATTR_DEVICE_SYSTEM_NAME_W,
                        0x0FFF /* no class, not a handler tag */};
  for (const DWORD tag : tags) {
    UCHAR value[64];
    DWORD length = sizeof value;
    EXPECT_EQ(api().caps(kLun, tag, &length, value), IFD_ERROR_TAG) << std::hex << tag;
    EXPECT_EQ(length, sizeof value) << std::hex << tag;
  }
}

TEST_F(IfdhApi, PowerProtocolTransmitAndTheOutputContract) {
  UCHAR atr[MAX_ATR_SIZE];
  DWORD atr_length = sizeof atr;
  ASSERT_EQ(api().power(kLun, IFD_POWER_UP, atr, &atr_length), IFD_SUCCESS);
  EXPECT_GT(atr_length, 2u);
  EXPECT_EQ(api().power(kLun, IFD_POWER_DOWN, nullptr, nullptr), IFD_SUCCESS);
  atr_length = sizeof atr;
  ASSERT_EQ(api().power(kLun, IFD_POWER_UP, atr, &atr_length), IFD_SUCCESS);
  ASSERT_EQ(api().protocol(kLun, readerkit::ifd::kPcscProtocolT1, 0, 0, 0, 0), IFD_SUCCESS);

  UCHAR command[] = {0x80, 0x34, 0x00, 0x04, 0x04};
  UCHAR response[64];
  DWORD rx = sizeof response;
  SCARD_IO_HEADER send{1, 8}, recv{};
  ASSERT_EQ(api().transmit(kLun, send, command, sizeof command, response, &rx, &recv), IFD_SUCCESS);
  ASSERT_EQ(rx, 6u);
  EXPECT_EQ(response[3], 3);
  EXPECT_EQ(response[4], 0x90);
  send.Protocol = 0;  // T=0 on a T=1 session: refused, nothing returned
  rx = sizeof response;
  EXPECT_NE(api().transmit(kLun, send, command, sizeof command, response, &rx, &recv), IFD_SUCCESS);
  EXPECT_EQ(rx, 0u);
}

TEST_F(IfdhApi, EventWaitReturnsOnRemovalAndInsertion) {
  const auto poll = function_tag<PollFn>(kLun, TAG_IFD_POLLING_THREAD_WITH_TIMEOUT);
  ASSERT_EQ(api().presence(kLun), IFD_ICC_PRESENT);
  auto waiting = std::async(std::launch::async, [&] { return poll(kLun, 60000); });
  ASSERT_TRUE(sim_control(control_path(kLun), "card remove"));
  ASSERT_EQ(waiting.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(waiting.get(), IFD_SUCCESS);
  ASSERT_EQ(api().presence(kLun), IFD_ICC_NOT_PRESENT);
  waiting = std::async(std::launch::async, [&] { return poll(kLun, 60000); });
  ASSERT_TRUE(sim_control(control_path(kLun), "card insert"));
  ASSERT_EQ(waiting.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(api().presence(kLun), IFD_ICC_PRESENT);
}

TEST_F(IfdhApi, EventWaitEndsAtItsTimeout) {
  const auto poll = function_tag<PollFn>(kLun, TAG_IFD_POLLING_THREAD_WITH_TIMEOUT);
  ASSERT_EQ(api().presence(kLun), IFD_ICC_PRESENT);
  const auto start = Clock::now();
  EXPECT_EQ(poll(kLun, 100), IFD_SUCCESS);
  EXPECT_GE(Clock::now() - start, 90ms);  // it really waited: no event, no stop
  EXPECT_LT(Clock::now() - start, 10s);
}

TEST_F(IfdhApi, StopEndsTheCurrentWaitAndAStopBetweenWaitsEndsTheNext) {
  const auto poll = function_tag<PollFn>(kLun, TAG_IFD_POLLING_THREAD_WITH_TIMEOUT);
  const auto stop = function_tag<StopFn>(kLun, TAG_IFD_STOP_POLLING_THREAD);
  ASSERT_EQ(api().presence(kLun), IFD_ICC_PRESENT);
  auto waiting = std::async(std::launch::async, [&] { return poll(kLun, 60000); });
  // Whether the stop lands during the wait or just before it, the wait must end.
  EXPECT_EQ(stop(kLun), IFD_SUCCESS);
  ASSERT_EQ(waiting.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(waiting.get(), IFD_SUCCESS);
  EXPECT_EQ(stop(kLun), IFD_SUCCESS);
  auto start = Clock::now();
  EXPECT_EQ(poll(kLun, 60000), IFD_SUCCESS);
  EXPECT_LT(Clock::now() - start, 10s);
  // The stop was consumed once: the next wait runs to its timeout again.
  start = Clock::now();
  EXPECT_EQ(poll(kLun, 100), IFD_SUCCESS);
  EXPECT_GE(Clock::now() - start, 90ms);
}

TEST(IfdhApiStandalone, ClosingTheChannelEndsAWaitInProgress) {
  constexpr DWORD lun = 0x40000;
  char name[] = "sim:profile=t1";
  ASSERT_EQ(api().create(lun, name), IFD_SUCCESS);
  const auto poll = function_tag<PollFn>(lun, TAG_IFD_POLLING_THREAD_WITH_TIMEOUT);
  ASSERT_EQ(api().presence(lun), IFD_ICC_PRESENT);
  auto waiting = std::async(std::launch::async, [&] { return poll(lun, 60000); });
  EXPECT_EQ(api().close(lun), IFD_SUCCESS);
  ASSERT_EQ(waiting.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(api().presence(lun), IFD_NO_SUCH_DEVICE);
}

// pcscd's threads at once, as ThreadSanitizer should see them (the READERKIT_SANITIZE=thread
// run of scripts/test.sh): the event thread waits in the polling function, a client thread
// powers, selects T=1, transmits and calls the stop function, and a third thread removes and
// inserts the card through the control socket; then the channel closes while a wait runs.
// Every answer must be one the contract allows and every thread must end in bounded time.
TEST_F(IfdhApi, EventStopClientAndCardThreadsRunTogether) {
  const auto poll = function_tag<PollFn>(kLun, TAG_IFD_POLLING_THREAD_WITH_TIMEOUT);
  const auto stop = function_tag<StopFn>(kLun, TAG_IFD_STOP_POLLING_THREAD);
  std::atomic<bool> done{false};
  std::atomic<int> events{0};
  auto event_thread = std::async(std::launch::async, [&] {
    while (!done) {
      if (poll(kLun, 50) != IFD_SUCCESS) return false;
      ++events;
    }
    return true;
  });
  std::atomic<bool> cards_done{false};
  auto client_thread = std::async(std::launch::async, [&] {
    int exchanges = 0;
    // Through all the card's moves, then 50 rounds with the card in (it ends inserted): each
    // of those must exchange, however the threads were scheduled.
    int rounds_after = 0;
    while (rounds_after < 50) {
      if (cards_done) ++rounds_after;
      UCHAR atr[MAX_ATR_SIZE];
      DWORD atr_length = sizeof atr;
      const RESPONSECODE power = api().power(kLun, IFD_POWER_UP, atr, &atr_length);
      if (power != IFD_SUCCESS) {
        if (power != IFD_ICC_NOT_PRESENT && power != IFD_COMMUNICATION_ERROR) return -1;
        continue;  // the card is out at the moment
      }
      const DWORD t1 = readerkit::ifd::kPcscProtocolT1;
      if (api().protocol(kLun, t1, 0, 0, 0, 0) != IFD_SUCCESS) continue;
      UCHAR command[] = {0x80, 0x34, 0x00, 0x04, 0x04};
      UCHAR response[64];
      DWORD rx = sizeof response;
      SCARD_IO_HEADER send{1, 8}, recv{};
      const RESPONSECODE rc =
          api().transmit(kLun, send, command, sizeof command, response, &rx, &recv);
      if (rc == IFD_SUCCESS && (rx != 6 || response[3] != 3 || response[4] != 0x90)) return -1;
      if (rc == IFD_SUCCESS) ++exchanges;
      (void)api().presence(kLun);
      if (stop(kLun) != IFD_SUCCESS) return -1;
    }
    return exchanges;
  });
  auto card_thread = std::async(std::launch::async, [&] {
    for (int i = 0; i < 10; ++i) {
      const char* command = i % 2 == 0 ? "card remove" : "card insert";
      if (!sim_control(control_path(kLun), command)) return false;
      std::this_thread::sleep_for(20ms);
    }
    cards_done = true;
    return true;
  });
  ASSERT_EQ(card_thread.wait_for(60s), std::future_status::ready);
  EXPECT_TRUE(card_thread.get());
  ASSERT_EQ(client_thread.wait_for(60s), std::future_status::ready);
  EXPECT_GE(client_thread.get(), 50);
  done = true;
  ASSERT_EQ(event_thread.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(event_thread.get());
  EXPECT_GT(events.load(), 0);
  // A wait in progress while the channel closes (TearDown) ends too.
  auto last = std::async(std::launch::async, [&] { return poll(kLun, 60000); });
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(api().close(kLun), IFD_SUCCESS);
  ASSERT_EQ(last.wait_for(10s), std::future_status::ready);
  char name[] = "sim:profile=t1";
  ASSERT_EQ(api().create(kLun, name), IFD_SUCCESS);  // for TearDown's close
}

}  // namespace
