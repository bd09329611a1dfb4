// SPDX-License-Identifier: MIT
// ATR decoding throughput over the whole pcsc-tools corpus, and proof that decoding allocates
// nothing (docs/performance.md, "ATR parsing of the whole corpus").
#include <benchmark/benchmark.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "checked_main.hpp"
#include "readerkit/atr.hpp"

namespace {

using readerkit::AtrInfo;

std::vector<readerkit::Bytes> corpus() {
  std::ifstream in("/usr/share/pcsc/smartcard_list.txt");
  std::vector<readerkit::Bytes> atrs;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '\t' || line[0] == '#') continue;
    if (auto b = readerkit::from_hex(line)) atrs.push_back(std::move(*b));
  }
  return atrs;
}

/// Folds values into a running hash (FNV-1a style step).
class Hash {
 public:
  void add(std::uint64_t v) { h_ = (h_ ^ v) * 0x100000001B3u; }
  template <class T>
  void add(const std::optional<T>& v) {
    add(v ? static_cast<std::uint64_t>(*v) + 1 : 0);
  }
  template <class Range>
  void add_all(const Range& values) {
    add(values.size());
    for (const auto& v : values) add(static_cast<std::uint64_t>(v));
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0xCBF29CE484222325u;
};

/// Every decoded field: the verification pass compares it with the first pass.
std::uint64_t fingerprint(const AtrInfo& a) {
  Hash h;
  h.add_all(a.atr);
  h.add(a.valid), h.add(static_cast<std::uint64_t>(a.error));
  h.add(static_cast<std::uint64_t>(a.convention)), h.add(a.t0);
  h.add(a.groups.size());
  for (const auto& g : a.groups)
    h.add(g.ta), h.add(g.tb), h.add(g.tc), h.add(g.td), h.add(g.protocol);
  h.add(a.fi_index), h.add(a.di_index), h.add(a.fi), h.add(a.di), h.add(a.fmax_khz), h.add(a.n);
  h.add_all(a.protocols);
  h.add(a.specific_protocol), h.add(a.specific_implicit), h.add(a.specific_cannot_change);
  h.add(a.wi), h.add(a.ifsc), h.add(a.bwi), h.add(a.cwi), h.add(a.edc);
  h.add_all(a.historical_bytes);
  h.add(a.tck_present), h.add(a.tck), h.add(a.tck_valid);
  h.add_all(a.errors);
  h.add(a.declared_length);
  return h.value();
}

/// What the timed passes check: cheap, and it changes when any field's size or a verdict does.
std::uint64_t summary(const AtrInfo& a) {
  return a.valid | static_cast<std::uint64_t>(a.error) << 1 | a.declared_length << 5 |
         a.atr.size() << 11 | a.groups.size() << 17 | a.protocols.size() << 23 |
         a.historical_bytes.size() << 28 | a.errors.size() << 33 |
         static_cast<std::uint64_t>(a.fi.value_or(0)) << 37 |
         static_cast<std::uint64_t>(a.ifsc.value_or(0)) << 49 |
         static_cast<std::uint64_t>(a.t0) << 57;
}

/// Decodes every ATR once: the summary of the pass, and each ATR's fingerprint.
std::uint64_t decode_all(const std::vector<readerkit::Bytes>& atrs,
                         std::vector<std::uint64_t>* fingerprints) {
  std::uint64_t sum = 0;
  for (const auto& atr : atrs) {
    const AtrInfo info = readerkit::decode_atr(atr);
    sum = sum * 31 + summary(info);
    if (fingerprints) fingerprints->push_back(fingerprint(info));
  }
  return sum;
}

void BM_DecodeCorpus(benchmark::State& state) {
  const auto atrs = corpus();
  if (atrs.empty()) {
    readerkit::bench::fail(state, "corpus /usr/share/pcsc/smartcard_list.txt missing");
    return;
  }
  // The decoder is checked on every pass: each pass sums to the first pass's summary, and a
  // last pass decodes every field as the first did (what the fields must be is
  // atr_corpus_test's job).
  std::vector<std::uint64_t> reference;
  const std::uint64_t expected = decode_all(atrs, &reference);
  const std::uint64_t allocations_before = readerkit::bench::allocation_count();
  for (auto _ : state) {
    if (decode_all(atrs, nullptr) != expected) {
      readerkit::bench::fail(state, "ATR decoded differently");
      return;
    }
  }
  const std::uint64_t allocations = readerkit::bench::allocation_count() - allocations_before;
  std::vector<std::uint64_t> last;
  if (decode_all(atrs, &last) != expected || last != reference) {
    readerkit::bench::fail(state, "ATR fields decoded differently");
    return;
  }
  const auto decoded = static_cast<double>(state.iterations()) * static_cast<double>(atrs.size());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * atrs.size()));
  state.counters["atrs"] = static_cast<double>(atrs.size());
  state.counters["allocs_per_atr"] = static_cast<double>(allocations) / decoded;
  if (allocations != 0) readerkit::bench::fail(state, "decode_atr allocated on the heap");
}
BENCHMARK(BM_DecodeCorpus)->Unit(benchmark::kMillisecond);

}  // namespace

READERKIT_CHECKED_BENCHMARK_MAIN()
