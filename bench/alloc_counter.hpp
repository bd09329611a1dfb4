// SPDX-License-Identifier: MIT
// Heap allocations counted for benchmarks that must not allocate (docs/performance.md). Linking
// alloc_counter.cpp into a benchmark replaces the global operator new and delete of the whole
// program with versions that count each allocation and then call malloc / free; only
// benchmarks that report allocations link it (bench/CMakeLists.txt).
#pragma once

#include <cstdint>

namespace readerkit::bench {

/// Allocations made through any operator new since the program started (every thread).
std::uint64_t allocation_count() noexcept;

}  // namespace readerkit::bench
