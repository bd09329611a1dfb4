// SPDX-License-Identifier: MIT
#include "reader_table.hpp"

#include <cstdio>
#include <mutex>
#include <utility>

#include "pcap_files.hpp"
#include "pcscd_log.hpp"
#include "readerkit/drivers/registry.hpp"

namespace readerkit::ifd {
namespace {

std::uint32_t reader_number(DWORD lun) { return static_cast<std::uint32_t>(lun >> 16); }
std::size_t slot_number(DWORD lun) { return static_cast<std::size_t>(lun & 0xFFFF); }

std::string lun_text(DWORD lun) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%lX", static_cast<unsigned long>(lun));
  return text;
}

RESPONSECODE refuse(DWORD lun, std::string_view name, const std::string& reason) {
  pcscd_log(PcscLogPriority::error, "ReaderKit: cannot open reader '" + std::string(name) +
                                        "' (Lun " + lun_text(lun) + "): " + reason);
  return IFD_COMMUNICATION_ERROR;
}

std::shared_ptr<ReaderEntry> make_entry(std::string_view name, const ParsedDeviceName& parsed,
                                        Log log, std::unique_ptr<Reader> reader) {
  auto entry = std::make_shared<ReaderEntry>();
  entry->log = std::move(log);
  entry->device_name = std::string(name);
  entry->kind = parsed.kind;
  entry->options = parsed.options;
  const std::size_t slots = reader->slot_count();
  entry->reader = std::move(reader);
  for (std::size_t i = 0; i < slots; ++i) entry->events.push_back(std::make_shared<SlotEvents>());
  entry->open_slots.assign(slots, false);
  entry->open_slots[0] = true;
  return entry;
}

// Made on first use and never destroyed by static destruction: a table torn down while a driver
// thread still runs would be worse than a leak at exit. It is released when pcscd unloads the
// handler with every reader closed (release_unused_table).
ReaderTable* table_instance = nullptr;
std::once_flag table_made;

// pcscd unloads a driver (dlclose) when its last reader goes, including after a reader it failed
// to open; without this the table would be lost with the unmapped library.
[[gnu::destructor]] void release_unused_table() {
  if (table_instance == nullptr || !table_instance->empty()) return;
  delete table_instance;
  table_instance = nullptr;
}

}  // namespace

ReaderTable& ReaderTable::instance() {
  std::call_once(table_made, [] { table_instance = new ReaderTable; });
  return *table_instance;
}

bool ReaderTable::empty() const {
  std::lock_guard lock(mutex_);
  return readers_.empty();
}

RESPONSECODE ReaderTable::open(DWORD lun, std::string_view device_name) {
  const std::uint32_t reader_no = reader_number(lun);
  const std::size_t slot = slot_number(lun);
  if (slot != 0) return attach(reader_no, slot, device_name);
  {
    std::lock_guard lock(mutex_);
    if (readers_.contains(reader_no)) return refuse(lun, device_name, "Lun already open");
    if (readers_.size() >= kMaxReaders) return refuse(lun, device_name, "too many readers");
  }
  ParsedDeviceName parsed = parse_device_name(device_name);
  if (!parsed.error.empty()) return refuse(lun, device_name, parsed.error);

  drivers::OpenOptions options;
  // docs/contract/ioctl.md §6: the handler accepts what other Linux drivers do.
  options.lenient_atr = true;
  options.host_is_pcscd = true;  // a pcsc: DEVICENAME would loop back into this pcscd
  options.log = make_pcscd_log("ReaderKit[" + parsed.driver_spec + "] ", parsed.options.log_mask);
  if (!parsed.options.pcap.empty()) {
    std::string error;
    auto pcap = shared_pcap_trace(parsed.options, error);
    if (!pcap) return refuse(lun, device_name, error);
    // Channel = the slot's Lun, so readers sharing a file stay apart.
    options.trace = [pcap, reader_no, name = parsed.driver_spec](std::size_t index) {
      return pcap->channel(reader_no << 16 | static_cast<std::uint32_t>(index),
                           name + " slot " + std::to_string(index));
    };
  }
  drivers::OpenResult opened = drivers::open_reader(parsed.driver_spec, options);
  if (!opened.reader) return refuse(lun, device_name, opened.error);
  if (opened.reader->slot_count() == 0) return refuse(lun, device_name, "reader has no slot");
  auto entry = make_entry(device_name, parsed, options.log, std::move(opened.reader));
  std::lock_guard lock(mutex_);
  if (!readers_.emplace(reader_no, std::move(entry)).second) {
    return refuse(lun, device_name, "Lun opened twice at once");
  }
  pcscd_log(PcscLogPriority::info, "ReaderKit: opened '" + std::string(device_name) + "' (Lun " +
                                       lun_text(lun) + ")");
  return IFD_SUCCESS;
}

RESPONSECODE ReaderTable::attach(std::uint32_t reader_no, std::size_t slot,
                                 std::string_view name) {
  const DWORD lun = static_cast<DWORD>(reader_no) << 16 | static_cast<DWORD>(slot);
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader_no);
  if (it == readers_.end()) return refuse(lun, name, "slot of a reader that is not open");
  ReaderEntry& entry = *it->second;
  if (slot >= entry.open_slots.size()) return refuse(lun, name, "no such slot");
  if (entry.open_slots[slot]) return refuse(lun, name, "slot already open");
  entry.open_slots[slot] = true;
  return IFD_SUCCESS;
}

RESPONSECODE ReaderTable::close(DWORD lun) {
  std::shared_ptr<ReaderEntry> closing;
  {
    std::lock_guard lock(mutex_);
    const auto it = readers_.find(reader_number(lun));
    if (it == readers_.end()) return IFD_NO_SUCH_DEVICE;
    ReaderEntry& entry = *it->second;
    const std::size_t slot = slot_number(lun);
    if (slot >= entry.open_slots.size() || !entry.open_slots[slot]) return IFD_NO_SUCH_DEVICE;
    entry.open_slots[slot] = false;
    for (bool open : entry.open_slots) {
      if (open) return IFD_SUCCESS;
    }
    closing = std::move(it->second);
    readers_.erase(it);
  }
  // A card-event wait still running holds a reference; release it before the Reader goes.
  for (std::size_t i = 0; i < closing->events.size(); ++i) {
    stop_card_event_wait(*closing->events[i], closing->reader->slot(i));
  }
  pcscd_log(PcscLogPriority::info, "ReaderKit: closed '" + closing->device_name + "'");
  return IFD_SUCCESS;  // the Reader shuts down when the last reference drops
}

std::optional<Slot> ReaderTable::find(DWORD lun) const {
  std::lock_guard lock(mutex_);
  const auto it = readers_.find(reader_number(lun));
  if (it == readers_.end()) return std::nullopt;
  const std::size_t slot = slot_number(lun);
  if (slot >= it->second->open_slots.size() || !it->second->open_slots[slot]) return std::nullopt;
  return Slot{it->second, &it->second->reader->slot(slot), it->second->events[slot], slot};
}

}  // namespace readerkit::ifd
