// SPDX-License-Identifier: MIT
// The pcsc: driver's tables: PC/SC results to statuses, and the SPEC fields.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "pcsc_status.hpp"
#include "status_watch.hpp"
#include "readerkit/card.hpp"
#include "readerkit/pcsc/pcsc_reader.hpp"
#include "winscard_api.hpp"

namespace readerkit::pcsc {
namespace {

struct Expected {
  LONG rv;
  Status status;
};

// One row per kind of outcome a request can have (docs/pcsc.md "Statuses").
TEST(PcscStatus, EveryResultMapsAsDocumented) {
  const Expected rows[] = {
      {SCARD_S_SUCCESS, Status::SUCCESS},
      {SCARD_E_NO_SMARTCARD, Status::NO_MEDIA},
      {SCARD_W_REMOVED_CARD, Status::NO_MEDIA},
      {SCARD_E_NO_SERVICE, Status::NO_MEDIA},
      {SCARD_E_SERVICE_STOPPED, Status::NO_MEDIA},
      {SCARD_E_UNKNOWN_READER, Status::NO_MEDIA},
      {SCARD_E_READER_UNAVAILABLE, Status::NO_MEDIA},
      {SCARD_E_SHARING_VIOLATION, Status::DEVICE_BUSY},
      {SCARD_E_TIMEOUT, Status::IO_TIMEOUT},
      {SCARD_W_UNRESPONSIVE_CARD, Status::IO_TIMEOUT},
      {SCARD_E_CANCELLED, Status::CANCELLED},
      {SCARD_W_UNSUPPORTED_CARD, Status::UNRECOGNIZED_MEDIA},
      {SCARD_W_RESET_CARD, Status::INVALID_DEVICE_STATE},
      {SCARD_E_PROTO_MISMATCH, Status::NOT_SUPPORTED},
      {SCARD_E_INSUFFICIENT_BUFFER, Status::BUFFER_TOO_SMALL},
      {SCARD_E_INVALID_PARAMETER, Status::INVALID_PARAMETER},
      {SCARD_E_NO_MEMORY, Status::INSUFFICIENT_RESOURCES},
      {SCARD_F_COMM_ERROR, Status::DEVICE_PROTOCOL_ERROR},
  };
  for (const Expected& row : rows) {
    EXPECT_EQ(status_from_pcsc(row.rv), row.status) << pcsc_result_name(row.rv);
    EXPECT_FALSE(pcsc_result_name(row.rv).empty()) << std::hex << row.rv;
  }
}

TEST(PcscStatus, AnUnknownResultIsAProtocolErrorNeverSuccess) {
  EXPECT_EQ(status_from_pcsc(0x80100099), Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_EQ(status_from_pcsc(1), Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_TRUE(pcsc_result_name(0x80100099).empty());
}

TEST(PcscSpec, NameFirstThenOptions) {
  PcscConfig c;
  std::string error;
  ASSERT_TRUE(parse_pcsc_fields({"Yubico", "share=exclusive", "protocol=T0", "vendor=allow"}, c,
                                error));
  EXPECT_EQ(c.name_substring, "Yubico");
  EXPECT_TRUE(c.exclusive);
  EXPECT_EQ(c.protocols, SCARD_PROTOCOL_T0);
  EXPECT_TRUE(c.vendor_allowed);
}

TEST(PcscSpec, DefaultsAreTheFirstReaderSharedAnyProtocolVendorClosed) {
  for (const std::vector<std::string>& fields :
       {std::vector<std::string>{}, std::vector<std::string>{""}}) {
    PcscConfig c;
    std::string error;
    ASSERT_TRUE(parse_pcsc_fields(fields, c, error));
    EXPECT_EQ(c.name_substring, "");
    EXPECT_FALSE(c.exclusive);
    EXPECT_EQ(c.protocols, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
    EXPECT_FALSE(c.vendor_allowed);
  }
  PcscConfig c;
  std::string error;
  ASSERT_TRUE(parse_pcsc_fields({"protocol=T1"}, c, error));  // options without a name
  EXPECT_EQ(c.name_substring, "");
  EXPECT_EQ(c.protocols, SCARD_PROTOCOL_T1);
}

TEST(PcscSpec, BadFieldsAreRefusedByName) {
  for (const char* bad : {"share=sometimes", "protocol=T2", "vendor=yes", "timeout=5"}) {
    PcscConfig c;
    std::string error;
    EXPECT_FALSE(parse_pcsc_fields({"RK", bad}, c, error)) << bad;
    EXPECT_NE(error.find(bad), std::string::npos) << error;
  }
}

TEST(PcscReader, RefusesToOpenInsidePcscd) {
  drivers::OpenOptions options;
  options.host_is_pcscd = true;
  std::string error;
  EXPECT_EQ(open_pcsc_reader({"RK"}, options, error), nullptr);
  EXPECT_NE(error.find("cannot be served by pcscd itself"), std::string::npos) << error;
}

}  // namespace
}  // namespace readerkit::pcsc

// The watch thread over a fake pcsc-lite: SCardGetStatusChange answers from a table of reader
// states, waits on a condition variable and honours SCardCancel.
namespace readerkit::pcsc::detail {
namespace {

struct FakePcsc {
  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::string, DWORD> readers;  // name -> dwEventState (no entry: unknown)
  bool cancel = false;
  std::set<std::thread::id> waiting_threads;  // threads that made a blocking wait
  std::size_t most_readers_in_a_wait = 0;
  int contexts = 0;  // open now

  void set(const std::string& name, DWORD state) {
    std::lock_guard lock(mutex);
    readers[name] = state;
    changed.notify_all();
  }
};
FakePcsc* fake = nullptr;

LONG fake_establish(DWORD, LPCVOID, LPCVOID, LPSCARDCONTEXT context) {
  std::lock_guard lock(fake->mutex);
  ++fake->contexts;
  *context = 1;
  return SCARD_S_SUCCESS;
}
LONG fake_release(SCARDCONTEXT) {
  std::lock_guard lock(fake->mutex);
  --fake->contexts;
  return SCARD_S_SUCCESS;
}
LONG fake_cancel(SCARDCONTEXT) {
  std::lock_guard lock(fake->mutex);
  fake->cancel = true;
  fake->changed.notify_all();
  return SCARD_S_SUCCESS;
}
LONG fake_status_change(SCARDCONTEXT, DWORD timeout_ms, SCARD_READERSTATE* states, DWORD n) {
  std::unique_lock lock(fake->mutex);
  if (timeout_ms != 0) {
    fake->waiting_threads.insert(std::this_thread::get_id());
    fake->most_readers_in_a_wait = std::max<std::size_t>(fake->most_readers_in_a_wait, n);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    bool any = false;
    for (DWORD i = 0; i < n; ++i) {
      const auto it = fake->readers.find(states[i].szReader);
      const DWORD now = it == fake->readers.end() ? DWORD{SCARD_STATE_UNKNOWN} : it->second;
      states[i].dwEventState = now;
      if (now != (states[i].dwCurrentState & ~static_cast<DWORD>(SCARD_STATE_CHANGED))) {
        states[i].dwEventState |= SCARD_STATE_CHANGED;
        any = true;
      }
    }
    if (any || timeout_ms == 0) return SCARD_S_SUCCESS;
    if (fake->cancel) {
      fake->cancel = false;
      return SCARD_E_CANCELLED;
    }
    if (fake->changed.wait_until(lock, deadline) == std::cv_status::timeout) return SCARD_E_TIMEOUT;
  }
}

WinscardApi fake_api() {
  WinscardApi api{};
  api.establish_context = fake_establish;
  api.release_context = fake_release;
  api.get_status_change = fake_status_change;
  api.cancel = fake_cancel;
  return api;
}

constexpr DWORD kPresent = SCARD_STATE_PRESENT;
constexpr DWORD kEmpty = SCARD_STATE_EMPTY;

/// Card events of one reader as they arrive.
struct Events {
  std::mutex mutex;
  std::condition_variable arrived;
  std::vector<bool> seen;
  void operator()(bool present) {
    std::lock_guard lock(mutex);
    seen.push_back(present);
    arrived.notify_all();
  }
  std::vector<bool> now() {
    std::lock_guard lock(mutex);
    return seen;
  }
  std::vector<bool> wait_for(std::size_t count) {
    std::unique_lock lock(mutex);
    arrived.wait_for(lock, std::chrono::seconds(5), [&] { return seen.size() >= count; });
    return seen;
  }
};

class PcscWatch : public ::testing::Test {
 protected:
  void SetUp() override { fake = &state; }
  void TearDown() override { fake = nullptr; }
  FakePcsc state;
  WinscardApi api = fake_api();
};

TEST_F(PcscWatch, EveryReaderOfAProcessIsWatchedByOneThreadInOneWait) {
  state.set("A", kPresent);
  state.set("B", kEmpty);
  Events a, b;
  StatusWatch wa(api, "A", std::ref(a));
  StatusWatch wb(api, "B", std::ref(b));
  wa.start();
  wb.start();
  EXPECT_EQ(a.wait_for(1), std::vector<bool>{true});  // the state at open
  EXPECT_EQ(b.wait_for(1), std::vector<bool>{false});
  state.set("B", kPresent | (1u << 16));
  EXPECT_EQ(b.wait_for(2), (std::vector<bool>{false, true}));
  state.set("A", kEmpty | (1u << 16));
  EXPECT_EQ(a.wait_for(2), (std::vector<bool>{true, false}));
  EXPECT_EQ(StatusHub::instance(api)->threads(), 1u);
  std::lock_guard lock(state.mutex);
  EXPECT_EQ(state.waiting_threads.size(), 1u);
  EXPECT_EQ(state.most_readers_in_a_wait, 2u);
}

TEST_F(PcscWatch, ALeavingReaderHearsNothingMoreAndTheLastOneStopsTheThread) {
  state.set("A", kPresent);
  state.set("B", kPresent);
  Events a, b;
  auto wa = std::make_unique<StatusWatch>(api, "A", std::ref(a));
  StatusWatch wb(api, "B", std::ref(b));
  wa->start();
  wb.start();
  wa->stop();
  state.set("A", kEmpty | (1u << 16));
  state.set("B", kEmpty | (1u << 16));
  EXPECT_EQ(b.wait_for(2), (std::vector<bool>{true, false}));
  // B's removal was seen after A's (set first): A, gone from the watch, heard nothing.
  EXPECT_EQ(a.now(), std::vector<bool>{true});
  wb.stop();
  EXPECT_EQ(StatusHub::instance(api)->threads(), 0u);  // a fresh hub: the old thread ended
  std::lock_guard lock(state.mutex);
  EXPECT_EQ(state.contexts, 0);
}

TEST_F(PcscWatch, ASwapBetweenTwoWaitsAndAReaderThatGoesAndComesBack) {
  state.set("A", kPresent);
  Events a;
  StatusWatch wa(api, "A", std::ref(a));
  wa.start();
  state.set("A", kPresent | (2u << 16));  // removed and inserted again: the counter moved
  EXPECT_EQ(a.wait_for(3), (std::vector<bool>{true, false, true}));
  {
    std::lock_guard lock(state.mutex);
    state.readers.erase("A");  // the reader left pcscd
    state.changed.notify_all();
  }
  EXPECT_EQ(a.wait_for(4), (std::vector<bool>{true, false, true, false}));
  state.set("A", kPresent | (3u << 16));
  EXPECT_EQ(a.wait_for(5), (std::vector<bool>{true, false, true, false, true}));
}

}  // namespace
}  // namespace readerkit::pcsc::detail
