// SPDX-License-Identifier: MIT
// Many simulated readers at once (docs/performance.md "Memory per device"): 10,000 devices, each
// with a pending card tracking request, cost at most 16 KiB of memory each and no thread; every
// request completes when its card comes.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "readerkit/ioctl.hpp"
#include "readerkit/sim/sim_reader.hpp"

namespace readerkit::sim {
namespace {

constexpr std::size_t kDevices = 10'000;
constexpr std::size_t kMaxBytesPerDevice = 16 * 1024;
// AddressSanitizer pads and quarantines every allocation, so RSS says nothing about ours there:
// the sanitizer build checks the rest (no thread, every request completes) and prints the figure.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMemoryIsOurs = false;
#else
constexpr bool kMemoryIsOurs = true;
#endif

/// A field of /proc/self/status ("VmRSS", "Threads"), in its own unit (kB for sizes).
std::size_t proc_status(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0) return std::stoul(line.substr(key.size() + 1));
  }
  return 0;
}

TEST(SimScale, TenThousandIdleDevicesWithPendingTrackingStaySmall) {
  const std::size_t rss_before = proc_status("VmRSS");
  const std::size_t threads_before = proc_status("Threads");
  std::vector<std::unique_ptr<SimReader>> readers;
  readers.reserve(kDevices);
  std::atomic<std::size_t> completed{0};
  for (std::size_t i = 0; i < kDevices; ++i) {
    std::string error;
    readers.push_back(open_sim_reader({"card=absent"}, {}, error));
    ASSERT_TRUE(readers.back()) << error;
    const IoResult r = readers.back()->slot(0).control(
        IOCTL_SMARTCARD_IS_PRESENT, {}, {}, [&completed](IoResult done) {
          if (done.status == Status::SUCCESS) ++completed;
        });
    ASSERT_EQ(r.status, Status::PENDING);
  }
  const std::size_t rss_kib = proc_status("VmRSS") - rss_before;
  const std::size_t per_device = rss_kib * 1024 / kDevices;
  RecordProperty("bytes_per_idle_device", static_cast<int>(per_device));
  std::printf("10000 idle simulated devices: %zu KiB RSS, %zu bytes each, %zu threads\n", rss_kib,
              per_device, proc_status("Threads") - threads_before);
  if (kMemoryIsOurs) {
    EXPECT_LE(per_device, kMaxBytesPerDevice);
  }
  EXPECT_EQ(proc_status("Threads"), threads_before);  // tracking pends on no thread
  for (auto& reader : readers) {
    ASSERT_TRUE(reader->command({"card", "insert"}).ok);
  }
  EXPECT_EQ(completed.load(), kDevices);
}

}  // namespace
}  // namespace readerkit::sim
