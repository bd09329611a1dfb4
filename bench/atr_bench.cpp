// ATR decoding throughput over the whole pcsc-tools corpus (docs/performance.md, "Protocol
// layer").
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>
#include <vector>

#include "readerkit/atr.hpp"

namespace {

std::vector<readerkit::Bytes> corpus() {
  std::ifstream in("/usr/share/pcsc/smartcard_list.txt");
  std::vector<readerkit::Bytes> atrs;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '\t' || line[0] == '#') continue;
    if (auto b = readerkit::from_hex(line)) atrs.push_back(std::move(*b));
  }
  return atrs;
}

void BM_DecodeCorpus(benchmark::State& state) {
  const auto atrs = corpus();
  if (atrs.empty()) state.SkipWithError("corpus /usr/share/pcsc/smartcard_list.txt missing");
  for (auto _ : state)
    for (const auto& atr : atrs) benchmark::DoNotOptimize(readerkit::decode_atr(atr));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * atrs.size()));
  state.counters["atrs"] = static_cast<double>(atrs.size());
}
BENCHMARK(BM_DecodeCorpus)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
