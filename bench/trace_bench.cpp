// SPDX-License-Identifier: MIT
// The cost of the trace seam (docs/performance.md "Tracing"): a case 4 APDU, 255 bytes each
// way, through Device + T=1 engine + an in-memory card, with no trace attached, with a Trace
// that only counts (the seam's own cost), and with a PcapTrace writing a file. Every answer is
// checked; the counting trace must see the same records on every exchange.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>

#include "checked_main.hpp"

#include "../tests/unit/t1_script.hpp"
#include "readerkit/device.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/pcap_trace.hpp"
#include "readerkit/t1.hpp"

namespace {

using namespace readerkit;

constexpr std::size_t kData = 255;

class CountingTrace : public Trace {
 public:
  void record(const TraceRecord& r) noexcept override {
    count.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(r.data.size(), std::memory_order_relaxed);
  }
  std::atomic<std::uint64_t> count{0};
  std::atomic<std::uint64_t> bytes{0};
};

/// A T=1 reader whose card is a T1LoopbackCard answering `response` to every command.
struct LoopbackReader {
  explicit LoopbackReader(std::shared_ptr<Trace> trace) : card(response(), Edc::lrc) {
    CallbackTable table;
    table[Rdf::RDF_CARD_POWER] = [](CallbackParams& p) {
      p.card->atr = {std::byte{0x3B}, std::byte{0x80}, std::byte{0x80}, std::byte{0x01},
                     std::byte{0x01}};
      return Status::SUCCESS;
    };
    table[Rdf::RDF_SET_PROTOCOL] = [](CallbackParams&) { return Status::SUCCESS; };
    table[Rdf::RDF_TRANSMIT] = [this](CallbackParams& p) { return t1_transmit(p, card); };
    ReaderCapabilities reader;
    reader.max_ifsd = 254;
    DeviceConfig config;
    config.trace = std::move(trace);
    device = std::make_unique<Device>(std::move(table), reader, config);
    device->card_inserted();
    Bytes atr(33);
    const Bytes cold = le32_bytes(static_cast<std::uint32_t>(PowerAction::SCARD_COLD_RESET));
    Bytes selected(4);
    ok = device->control(IOCTL_SMARTCARD_POWER, cold, atr).status == Status::SUCCESS &&
         device->control(IOCTL_SMARTCARD_SET_PROTOCOL, le32_bytes(SCARD_PROTOCOL_T1), selected)
                 .status == Status::SUCCESS;
  }
  static Bytes response() {
    Bytes r(kData, std::byte{0xA5});
    r.push_back(std::byte{0x90});
    r.push_back(std::byte{0x00});
    return r;
  }
  test::T1LoopbackCard card;
  std::unique_ptr<Device> device;
  bool ok = false;
};

Bytes case4_command() {
  Bytes c = {std::byte{0x80}, std::byte{0x36}, std::byte{0x00}, std::byte{0xFF},
             std::byte{0xFF}};
  c.resize(5 + kData, std::byte{0x5A});
  c.push_back(std::byte{0x00});
  return c;
}

std::shared_ptr<Trace> make_trace(std::int64_t kind, std::shared_ptr<CountingTrace>& counter) {
  if (kind == 1) return counter = std::make_shared<CountingTrace>();
  if (kind != 2) return nullptr;
  PcapTraceOptions options;
  options.file.path = (std::filesystem::temp_directory_path() /
                       ("readerkit-trace-bench-" + std::to_string(::getpid()) + ".pcap"))
                          .string();
  auto trace = PcapTrace::open(options);
  return trace ? std::shared_ptr<Trace>(*trace) : nullptr;
}

// Arg: 0 no trace, 1 counting trace, 2 pcap file.
void BM_TracedCase4(benchmark::State& state) {
  std::shared_ptr<CountingTrace> counter;
  auto trace = make_trace(state.range(0), counter);
  if (state.range(0) != 0 && !trace) return readerkit::bench::fail(state, "no trace file");
  LoopbackReader reader(trace);
  if (!reader.ok) return readerkit::bench::fail(state, "the reader did not come up");
  const Bytes command = case4_command();
  const Bytes input = transmit_request(SCARD_PROTOCOL_T1, command);
  const Bytes expected = LoopbackReader::response();
  Bytes output(8 + expected.size() + 16);
  // One exchange first: the engine announces its IFSD once after a reset (an S(IFS) pair).
  if (reader.device->control(IOCTL_SMARTCARD_TRANSMIT, input, output).status != Status::SUCCESS)
    return readerkit::bench::fail(state, "wrong answer");
  const std::uint64_t before = counter ? counter->count.load() : 0;
  for (auto _ : state) {
    reader.card.command.clear();
    const IoResult r = reader.device->control(IOCTL_SMARTCARD_TRANSMIT, input, output);
    const bool right = r.status == Status::SUCCESS && r.information == 8 + expected.size() &&
                       std::equal(expected.begin(), expected.end(), output.begin() + 8) &&
                       reader.card.command == command;
    if (!right) return readerkit::bench::fail(state, "wrong answer");
  }
  if (counter) {
    // ioctl in/out, APDU command/response, and the blocks: the same number every exchange.
    const std::uint64_t per = (counter->count.load() - before) / state.iterations();
    if (per * state.iterations() != counter->count.load() - before || per < 6)
      return readerkit::bench::fail(state, "records per exchange vary");
    state.counters["records"] = static_cast<double>(per);
  }
  if (state.range(0) == 2) {
    auto* pcap = static_cast<PcapTrace*>(trace.get());
    pcap->flush();
    if (pcap->dropped() != 0 || pcap->error() != Status::SUCCESS)
      return readerkit::bench::fail(state, "trace records lost");
    std::filesystem::path file = std::filesystem::temp_directory_path() /
                                 ("readerkit-trace-bench-" + std::to_string(::getpid()) + ".pcap");
    std::filesystem::remove(file);
  }
}
BENCHMARK(BM_TracedCase4)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);
// Fixed counts for callgrind: instructions per APDU, trace off (0) and on (1).
BENCHMARK(BM_TracedCase4)->Name("BM_TracedCase4/callgrind")->Arg(0)->Arg(1)->Iterations(1000);

}  // namespace

READERKIT_CHECKED_BENCHMARK_MAIN()
