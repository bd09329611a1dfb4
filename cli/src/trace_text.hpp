// SPDX-License-Identifier: MIT
// Trace records in words, for `readerkit trace` (docs/trace.md "Reading a trace"): one summary
// line per record and the event's own fields for JSON.
#pragma once

#include "readerkit/trace_format.hpp"
#include "records.hpp"

namespace readerkit::cli {

/// The printable form of one decoded record; number and times are the caller's.
TraceEntryRecord describe_trace(const TracePacket& packet);

}  // namespace readerkit::cli
