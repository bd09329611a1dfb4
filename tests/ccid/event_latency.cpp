// SPDX-License-Identifier: MIT
// ccid-event-latency: measures how long a card removal and a reinsertion behind QEMU's reader
// take to reach a Device of our driver (interrupt endpoint → card_removed/card_inserted →
// the pending IS_ABSENT / IS_PRESENT completes), in-process with a monotonic clock. The card
// server (ccid-vscard-card) removes and inserts the card when the files `remove` / `insert`
// appear in CONTROL_DIR, which it checks every 10 ms; that delay is included.
//
// The reader reports slot changes when the host polls its interrupt endpoint (QEMU: bInterval
// 255, scheduled by Linux every 128 ms). A measurement that starts right after the previous
// event would always land at the same phase of that period; each event is therefore made at a
// different offset (0..127 ms, a fixed spread) after the previous one.
//
// Usage: ccid-event-latency SPEC CONTROL_DIR CYCLES
// Prints one line per event and a summary; exit 0 when every event arrived within 2 s.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "readerkit/device.hpp"
#include "readerkit/drivers/registry.hpp"
#include "readerkit/ioctl.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// Pends `ioctl`, makes the control file appear, returns the ms until completion (-1: none).
double measure(readerkit::Device& device, std::uint32_t ioctl, const std::filesystem::path& file,
               std::chrono::milliseconds offset) {
  std::promise<readerkit::Status> done;
  auto future = done.get_future();
  readerkit::Bytes none;
  auto r = device.control(ioctl, {}, none,
                          [&](readerkit::IoResult result) { done.set_value(result.status); });
  if (r.status != readerkit::Status::PENDING) return -1;
  std::this_thread::sleep_for(offset);
  const auto tmp = file.string() + ".tmp";
  std::ofstream(tmp).close();
  const auto start = Clock::now();
  std::filesystem::rename(tmp, file);  // appears whole, at once
  if (future.wait_for(std::chrono::seconds(2)) != std::future_status::ready ||
      future.get() != readerkit::Status::SUCCESS) {
    device.cancel_tracking();
    return -1;
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: ccid-event-latency SPEC CONTROL_DIR CYCLES\n");
    return 2;
  }
  auto opened = readerkit::drivers::open_reader(argv[1]);
  if (!opened.reader) {
    std::fprintf(stderr, "ccid-event-latency: %s\n", opened.error.c_str());
    return 1;
  }
  readerkit::Device& device = opened.reader->slot(0);
  const std::filesystem::path dir = argv[2];
  const int cycles = std::max(1, std::atoi(argv[3]));
  std::vector<double> all;
  bool ok = true;
  int event = 0;
  for (int i = 0; i < cycles; ++i) {
    for (auto [name, ioctl, file] :
         {std::tuple{"removal", readerkit::IOCTL_SMARTCARD_IS_ABSENT, "remove"},
          std::tuple{"insertion", readerkit::IOCTL_SMARTCARD_IS_PRESENT, "insert"}}) {
      const auto offset = std::chrono::milliseconds((event++ * 53) % 128);
      const double ms = measure(device, ioctl, dir / file, offset);
      std::printf("%s %.1f ms\n", name, ms);
      if (ms < 0) ok = false; else all.push_back(ms);
    }
  }
  std::sort(all.begin(), all.end());
  if (!all.empty()) {
    std::printf("events %zu median %.1f ms max %.1f ms\n", all.size(), all[all.size() / 2],
                all.back());
  }
  return ok ? 0 : 1;
}
