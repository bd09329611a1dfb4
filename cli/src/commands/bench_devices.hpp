// SPDX-License-Identifier: MIT
// `bench --devices N` (bench_devices.cpp): scale of many idle simulated devices.
#pragma once

#include <cstddef>

#include "command.hpp"
#include "session.hpp"

namespace readerkit::cli {

/// Opens `count` simulated readers of the session's sim: SPEC (without its card), each with an
/// IS_PRESENT request pending, inserts a card in each and prints a BenchDevicesRecord.
Outcome run_bench_devices(Session& session, std::size_t count);

}  // namespace readerkit::cli
