// SPDX-License-Identifier: MIT
// The readers one loaded handler serves. pcscd names a slot by its Lun = reader << 16 | slot
// and calls IFDHCreateChannelByName once per slot with the same DEVICENAME; the first call
// opens the Reader (drivers::open_reader), later ones attach to it. Lookups hand out a
// shared reference, so a Reader closed by one thread stays alive for calls still running.
#pragma once

#include "pcsc_api.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "card_events.hpp"
#include "handler_options.hpp"
#include "readerkit/reader.hpp"

namespace readerkit::ifd {

/// How many readers one loaded handler accepts (TAG_IFD_SIMULTANEOUS_ACCESS; pcsc-lite's own
/// limit PCSCLITE_MAX_READERS_CONTEXTS is the same).
inline constexpr std::size_t kMaxReaders = 16;

/// One open reader with its per-slot card-event state.
struct ReaderEntry {
  std::string device_name;  // as pcscd gave it, for log lines
  std::string kind;         // driver kind, the key of the feature registry
  HandlerOptions options;
  Log log;                  // the handler's own lines about this reader
  std::unique_ptr<Reader> reader;
  std::vector<std::shared_ptr<SlotEvents>> events;  // one per slot
  std::vector<bool> open_slots;                     // guarded by the table's mutex
};

/// What an IFDH entry point works on: one slot of one open reader.
struct Slot {
  std::shared_ptr<ReaderEntry> entry;
  Device* device = nullptr;
  std::shared_ptr<SlotEvents> events;
  std::size_t index = 0;
};

/// Lun -> reader registry, process-wide (one per loaded handler).
class ReaderTable {
 public:
  static ReaderTable& instance();

  /// IFDHCreateChannelByName: opens the reader (slot 0) or attaches another slot of it.
  /// Failures are logged to pcscd with the reason and give IFD_COMMUNICATION_ERROR or
  /// IFD_NO_SUCH_DEVICE; pcscd then drops this reader and keeps running.
  RESPONSECODE open(DWORD lun, std::string_view device_name);

  /// IFDHCloseChannel: detaches the slot; the reader closes with its last slot.
  RESPONSECODE close(DWORD lun);

  /// The open slot a Lun names, or nullopt.
  std::optional<Slot> find(DWORD lun) const;

  /// No reader is open.
  bool empty() const;

 private:
  ReaderTable() = default;
  RESPONSECODE attach(std::uint32_t reader_no, std::size_t slot, std::string_view name);

  mutable std::mutex mutex_;
  std::map<std::uint32_t, std::shared_ptr<ReaderEntry>> readers_;
};

}  // namespace readerkit::ifd
