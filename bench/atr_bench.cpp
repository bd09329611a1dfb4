// SPDX-License-Identifier: MIT
// ATR decoding throughput over the whole pcsc-tools corpus (docs/performance.md, "Protocol
// layer").
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>
#include <vector>

#include "checked_main.hpp"
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
  if (atrs.empty()) {
    readerkit::bench::fail(state, "corpus /usr/share/pcsc/smartcard_list.txt missing");
    return;
  }
  // The decoder is checked on every pass: each ATR decodes to the same verdict and error as
  // on the first pass (what those verdicts must be is atr_corpus_test's job).
  std::vector<std::pair<bool, int>> reference;
  for (const auto& atr : atrs) {
    const auto info = readerkit::decode_atr(atr);
    reference.emplace_back(info.valid, static_cast<int>(info.error));
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < atrs.size(); ++i) {
      const auto info = readerkit::decode_atr(atrs[i]);
      if (info.valid != reference[i].first || static_cast<int>(info.error) != reference[i].second) {
        readerkit::bench::fail(state, "ATR decoded differently");
        return;
      }
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * atrs.size()));
  state.counters["atrs"] = static_cast<double>(atrs.size());
}
BENCHMARK(BM_DecodeCorpus)->Unit(benchmark::kMillisecond);

}  // namespace

READERKIT_CHECKED_BENCHMARK_MAIN()
