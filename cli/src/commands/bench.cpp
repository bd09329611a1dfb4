// SPDX-License-Identifier: MIT
// `bench`: in-process throughput of readertest APDUs (docs/contract/readertest.md) through the
// device: cold reset, protocol selection, then N exchanges timed one by one. On a terminal it
// shows its progress on stderr; Ctrl-C ends it with the figures so far, marked partial.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "bench_devices.hpp"
#include "commands.hpp"
#include "interrupt.hpp"
#include "progress.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"
#include "session.hpp"

#if defined(READERKIT_COUNT_ALLOCATIONS)
#include "alloc_counter.hpp"
#endif

namespace readerkit::cli {
namespace {

using Clock = std::chrono::steady_clock;

/// Output capacity of every exchange: a short response with the SCARD_IO_REQUEST header.
constexpr std::size_t kIoBufferSize = 1024;

struct BenchArgs {
  std::size_t devices = 0;  // --devices N: the scale bench instead of APDUs
  std::size_t count = 1000;
  std::size_t length = 16;
  std::string protocol = "T1";
  int apdu_case = 2;
};

// The readertest command of a case (CLA 80): 1 -> 30, 2 -> 34, 3 -> 32, 4 -> 36.
Bytes readertest_apdu(int apdu_case, std::size_t length) {
  static constexpr std::uint8_t kIns[] = {0x30, 0x34, 0x32, 0x36};
  const auto len = static_cast<std::byte>(length);
  Bytes apdu{std::byte{0x80}, std::byte{kIns[apdu_case - 1]}, std::byte{0}, std::byte{0}};
  if (apdu_case == 2 || apdu_case == 4) apdu[3] = len;  // P1P2 = expected length
  if (apdu_case == 1 || apdu_case == 2) apdu.push_back(apdu_case == 1 ? std::byte{0} : len);
  if (apdu_case == 3 || apdu_case == 4) {
    apdu.push_back(len);
    for (std::size_t i = 0; i < length; ++i) apdu.push_back(static_cast<std::byte>(i));
  }
  return apdu;
}

// The whole answer the readertest application gives: the pattern 00 01 02 ... for cases 2 and
// 4, then 90 00; for case 4 over T=0 only 61 xx (the TPDU gets its data by GET RESPONSE).
Bytes expected_answer(int apdu_case, std::size_t length, std::uint32_t protocol) {
  if (apdu_case == 4 && protocol == SCARD_PROTOCOL_T0)
    return {std::byte{0x61}, static_cast<std::byte>(length & 0xFF)};
  Bytes answer;
  if (apdu_case == 2 || apdu_case == 4) {
    for (std::size_t i = 0; i < length; ++i) answer.push_back(static_cast<std::byte>(i));
  }
  answer.push_back(std::byte{0x90});
  answer.push_back(std::byte{0x00});
  return answer;
}

// Every answer is checked byte for byte: a benchmark that counts wrong answers as exchanges
// measures nothing.
bool answer_matches(const IoResult& r, std::span<const std::byte> output, const Bytes& expected) {
  if (r.status != Status::SUCCESS || r.information != SCARD_IO_REQUEST_SIZE + expected.size())
    return false;
  return std::memcmp(expected.data(), output.data() + SCARD_IO_REQUEST_SIZE, expected.size()) == 0;
}

/// Heap allocations made so far, when the CLI counts them (READERKIT_COUNT_ALLOCATIONS).
std::optional<std::uint64_t> allocations_so_far() {
#if defined(READERKIT_COUNT_ALLOCATIONS)
  return readerkit::bench::allocation_count();
#else
  return std::nullopt;
#endif
}

Status prepare(Device& device, std::uint32_t mask) {
  Bytes out(kIoBufferSize);
  IoResult r = device.control(IOCTL_SMARTCARD_POWER, le32_bytes(1), out);
  if (r.status != Status::SUCCESS) return r.status;
  return device.control(IOCTL_SMARTCARD_SET_PROTOCOL, le32_bytes(mask), out).status;
}

void summarise(BenchRecord& b, std::vector<double>& latencies_us, Clock::duration total) {
  b.seconds = std::chrono::duration<double>(total).count();
  b.count = latencies_us.size();
  if (latencies_us.empty()) return;
  std::sort(latencies_us.begin(), latencies_us.end());
  b.apdus_per_second = b.seconds > 0 ? static_cast<double>(b.count) / b.seconds : 0;
  b.median_us = latencies_us[latencies_us.size() / 2];
  b.p99_us = latencies_us[std::min(latencies_us.size() - 1, latencies_us.size() * 99 / 100)];
  b.max_us = latencies_us.back();
}

// Stops early, with the figures so far marked partial, when Ctrl-C arrives.
void exchange_all(Device& device, const BenchArgs& a, BenchRecord& b) {
  const Bytes input = transmit_request(b.protocol, readertest_apdu(a.apdu_case, a.length));
  const Bytes expected = expected_answer(a.apdu_case, a.length, b.protocol);
  Bytes output(kIoBufferSize);
  std::vector<double> latencies;
  latencies.reserve(a.count);
  InterruptScope interrupt;
  Progress progress("bench", a.count, "APDUs", "(Ctrl-C stops with partial figures)",
                    ProgressOutput::at_end);
  const auto allocations_before = allocations_so_far();
  const auto start = Clock::now();
  for (std::size_t i = 0; i < a.count; ++i) {
    if (interrupt.interrupted()) {
      b.partial = true;
      break;
    }
    progress.update(i);
    const auto t0 = Clock::now();
    IoResult r = device.control(IOCTL_SMARTCARD_TRANSMIT, input, output);
    latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!answer_matches(r, output, expected)) ++b.errors;
    if (r.status != Status::SUCCESS && b.status == Status::SUCCESS) b.status = r.status;
  }
  const auto elapsed = Clock::now() - start;
  if (allocations_before && !latencies.empty()) {
    b.allocations_per_apdu = static_cast<double>(*allocations_so_far() - *allocations_before) /
                             static_cast<double>(latencies.size());
  }
  summarise(b, latencies, elapsed);
}

Outcome run_bench(Session& session, const BenchArgs& a) {
  auto mask = protocol_mask_from_name(a.protocol);
  if (!mask || (*mask != SCARD_PROTOCOL_T0 && *mask != SCARD_PROTOCOL_T1))
    return report_usage(session, "bench", "--protocol must be T0 or T1");
  if (a.apdu_case != 1 && (a.length == 0 || a.length > 255))
    return report_usage(session, "bench", "--length must be 1..255");
  std::string error;
  Device* device = session.device(error);
  if (device == nullptr) return report_error(session, "bench", error);
  BenchRecord b;
  b.protocol = *mask;
  b.length = a.apdu_case == 1 ? 0 : a.length;
  b.apdu_case = a.apdu_case;
  b.requested = a.count;
  b.status = prepare(*device, *mask);
  if (b.status == Status::SUCCESS) exchange_all(*device, a, b);
  b.requested = a.count;
  session.printer().bench(b);
  if (b.partial) return Outcome::interrupted;
  return b.status == Status::SUCCESS && b.errors == 0 ? Outcome::success : Outcome::failure;
}

}  // namespace

Action define_bench(CLI::App& sub) {
  auto a = std::make_shared<BenchArgs>();
  auto* count = sub.add_option("-n,--count", a->count, "number of APDUs (default 1000)")
                    ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}));
  auto* length = sub.add_option("-l,--length", a->length, "data bytes per APDU, 1..255 (default 16)");
  auto* protocol = sub.add_option("-p,--protocol", a->protocol, "T0 | T1 (default T1)");
  auto* apdu_case =
      sub.add_option("-c,--case", a->apdu_case, "APDU case 1..4 (default 2: data from the card)")
          ->check(CLI::Range(1, 4));
  sub.add_option("--devices", a->devices,
                 "open N idle simulated devices instead: memory, threads, insert-all time")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}))
      ->excludes(count)
      ->excludes(length)
      ->excludes(protocol)
      ->excludes(apdu_case);
  return [a](Session& session) {
    return a->devices > 0 ? run_bench_devices(session, a->devices) : run_bench(session, *a);
  };
}

}  // namespace readerkit::cli
