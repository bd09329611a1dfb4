// SPDX-License-Identifier: MIT
// What commands produce: plain data that the JSON and the human printer format. Each record is
// one JSON line (docs/contract/cli.md "JSON output") or one labelled block of human text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "card_list.hpp"
#include "readerkit/atr.hpp"
#include "readerkit/bytes.hpp"
#include "readerkit/card.hpp"
#include "readerkit/status.hpp"

namespace readerkit::cli {

/// One IOCTL issued by a request command (power, protocol, transmit, attr, ioctl). Printers
/// derive every decoded value from the code, the input and the output.
struct RequestRecord {
  std::string cmd;         // the command word: "power", "ioctl", ...
  std::string args;        // its arguments as typed, for the human header
  std::uint32_t code = 0;  // Windows form
  Bytes input;
  Status status = Status::SUCCESS;
  std::size_t information = 0;
  Bytes output;           // the `information` bytes returned
  std::optional<int> id;  // set when the request pends
  bool automatic = false;  // issued by the CLI itself (one-shot transmit), printed as such
};

/// A pending request ended: `{"event":"completed",...}`.
struct EventRecord {
  int id = 0;
  Status status = Status::SUCCESS;
  std::size_t information = 0;
};

/// `atr HEX`: the bytes as given and their decoding.
struct AtrRecord {
  Bytes input;
  AtrInfo info;
  /// smartcard_list.txt's names for the ATR; set by the `atr` command only.
  std::optional<CardNames> names;
};

/// Commands without an IOCTL (card, fault, wait, cancel, sim-control, ...): a word status
/// ("ok", "refused", "unknown-id", ...) and ordered extra fields.
struct NoteRecord {
  std::string cmd;
  std::string status;
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();
};

/// `status`: a side-effect-free snapshot of the reader and the card.
struct StatusRecord {
  std::string reader;
  CardState state = CardState::SCARD_UNKNOWN;
  Status last_error = Status::SUCCESS;
  std::optional<Bytes> atr;               // when the card has answered a reset
  std::optional<std::uint32_t> protocol;  // when a protocol is selected
  nlohmann::ordered_json attributes = nlohmann::ordered_json::object();  // name -> value
};

/// `bench`: throughput and latency of readertest APDUs through the device.
/// One record of a trace file, as `readerkit trace` prints it.
struct TraceEntryRecord {
  std::size_t number = 0;      // 1-based, as Wireshark numbers frames
  std::uint64_t time_us = 0;   // since the Unix epoch
  std::uint64_t since_first_us = 0;
  std::uint32_t channel = 0;
  std::string event;           // "t1_block"
  std::string direction;       // "to_card", "from_card" or ""
  std::string summary;         // decoded, one line
  Bytes data;                  // the bytes the record shows
  std::uint32_t hidden = 0;    // bytes left out (PIN, masked payload)
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();  // event-specific
};

struct BenchRecord {
  Status status = Status::SUCCESS;  // first failure, if any request failed
  std::uint32_t protocol = 0;
  std::size_t count = 0;   // APDUs exchanged
  std::size_t length = 0;  // data bytes per APDU
  int apdu_case = 2;
  std::size_t errors = 0;  // exchanges with an unexpected status word or status
  double seconds = 0;
  double apdus_per_second = 0;
  double median_us = 0;
  double p99_us = 0;
  double max_us = 0;
  std::size_t requested = 0;  // --count
  bool partial = false;       // stopped by Ctrl-C after `count` of `requested`
  /// Heap allocations per APDU in the exchange loop, when the CLI is built with the counting
  /// allocator (READERKIT_COUNT_ALLOCATIONS).
  std::optional<double> allocations_per_apdu;
};

/// `bench --devices N`: N idle simulated devices in one process, each with a card tracking
/// request pending, then a card inserted in each (docs/performance.md "Memory per device").
struct BenchDevicesRecord {
  Status status = Status::SUCCESS;  // first failure, if any step failed
  std::size_t devices = 0;          // devices opened, each with IS_PRESENT pending
  std::size_t bytes_per_device = 0;  // growth of the process's RSS / devices
  std::size_t threads_added = 0;     // threads the devices started (none expected)
  double open_seconds = 0;           // opening every device and starting its request
  double insert_seconds = 0;         // a card inserted in every device
  double complete_seconds = 0;       // from the first insertion until every request completed
  std::size_t completed = 0;         // tracking requests that completed with SUCCESS
};

}  // namespace readerkit::cli
