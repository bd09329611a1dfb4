// SPDX-License-Identifier: MIT
// The JSON objects of docs/contract/cli.md, one function per record kind (field names are the
// contract: scripts and hidden tests read them).
#pragma once

#include <nlohmann/json.hpp>

#include "records.hpp"

namespace readerkit::cli {

using Json = nlohmann::ordered_json;

/// {"cmd","ioctl","code","status","ntstatus","information","output"[,"response","sw"][,"id"]}
Json request_json(const RequestRecord& r);
/// {"event":"completed","id","status","information"}
Json event_json(const EventRecord& e);
/// The `atr` object: exactly the contract's field list.
Json atr_json(const AtrRecord& a);
/// {"cmd","status", fields...}
Json note_json(const NoteRecord& n);
Json status_json(const StatusRecord& s);
Json bench_json(const BenchRecord& b);
Json bench_devices_json(const BenchDevicesRecord& b);
Json trace_entry_json(const TraceEntryRecord& t);

}  // namespace readerkit::cli
