// SPDX-License-Identifier: MIT
// A benchmark that reports a wrong answer must fail the program, not just print a line:
// Google Benchmark 1.7 exits 0 after SkipWithError. Benchmarks call fail() with the reason;
// READERKIT_CHECKED_BENCHMARK_MAIN() then exits 1.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdio>

namespace readerkit::bench {

inline bool& failed() {
  static bool flag = false;
  return flag;
}

/// Marks the run failed and stops this benchmark with `reason`.
inline void fail(benchmark::State& state, const char* reason) {
  failed() = true;
  state.SkipWithError(reason);
}

}  // namespace readerkit::bench

#define READERKIT_CHECKED_BENCHMARK_MAIN()                                    \
  int main(int argc, char** argv) {                                           \
    benchmark::Initialize(&argc, argv);                                       \
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;         \
    benchmark::RunSpecifiedBenchmarks();                                      \
    benchmark::Shutdown();                                                    \
    if (readerkit::bench::failed()) std::fputs("benchmark: wrong answer\n", stderr); \
    return readerkit::bench::failed() ? 1 : 0;                                \
  }
