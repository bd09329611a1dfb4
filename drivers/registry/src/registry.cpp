// SPDX-License-Identifier: MIT
#include "readerkit/drivers/registry.hpp"

#include <array>
#include <functional>

#include "readerkit/pcsc/pcsc_reader.hpp"
#include "readerkit/sim/sim_reader.hpp"
#include "readerkit/smclib/smclib_reader.hpp"
#include "readerkit/vpcd/vpcd_reader.hpp"
#ifdef READERKIT_HAVE_CCID
#include "readerkit/ccid/ccid_reader.hpp"
#endif

namespace readerkit::drivers {
namespace {

using Factory = std::function<OpenResult(const ReaderSpec&, const OpenOptions&)>;

struct DriverRow {
  std::string_view kind;
  Factory open;
};

OpenResult open_sim(const ReaderSpec& spec, const OpenOptions& options) {
  std::string error;
  auto reader = sim::open_sim_reader(spec.fields, options, error);
  return {std::move(reader), std::move(error)};
}

OpenResult open_vpcd(const ReaderSpec& spec, const OpenOptions& options) {
  std::string error;
  auto reader = vpcd::open_vpcd_reader(spec.fields, options, error);
  return {std::move(reader), std::move(error)};
}

OpenResult open_pcsc(const ReaderSpec& spec, const OpenOptions& options) {
  std::string error;
  auto reader = pcsc::open_pcsc_reader(spec.fields, options, error);
  return {std::move(reader), std::move(error)};
}

OpenResult open_smclib(const ReaderSpec& spec, const OpenOptions& options) {
  std::string error;
  auto reader = smclib::open_smclib_reader(spec.fields, options.log, options.lenient_atr, error);
  return {std::move(reader), std::move(error)};
}

#ifdef READERKIT_HAVE_CCID
OpenResult open_usb(const ReaderSpec& spec, const OpenOptions& options) {
  std::string error;
  ccid::CcidOptions ccid_options{options.log, options.lenient_atr, false, options.trace};
  auto reader = ccid::open_usb_reader(spec.fields, ccid_options, error);
  return {std::move(reader), std::move(error)};
}
#endif

// Adding a driver kind is adding a row.
const std::array kDrivers{
    DriverRow{"sim", open_sim},
    DriverRow{"vpcd", open_vpcd},
    DriverRow{"smclib", open_smclib},
    DriverRow{"pcsc", open_pcsc},
#ifdef READERKIT_HAVE_CCID
    DriverRow{"usb", open_usb},
#endif
};

std::string_view strip_quotes(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

// Drivers that take OpenOptions::trace make their devices with it (the first card insertion is
// traced); the others — a C driver behind smclib — get it here, so every host has it on every slot.
void attach_traces(const OpenResult& opened, const OpenOptions& options) {
  if (!opened.reader || !options.trace) return;
  for (std::size_t slot = 0; slot < opened.reader->slot_count(); ++slot)
    opened.reader->slot(slot).set_trace(options.trace(slot));
}

}  // namespace

ReaderSpec parse_reader_spec(std::string_view spec) {
  spec = strip_quotes(spec);
  ReaderSpec out;
  std::size_t start = 0;
  bool first = true;
  while (start <= spec.size()) {
    std::size_t end = spec.find(':', start);
    if (end == std::string_view::npos) end = spec.size();
    std::string field(spec.substr(start, end - start));
    if (first) {
      out.kind = std::move(field);
      first = false;
    } else {
      out.fields.push_back(std::move(field));
    }
    start = end + 1;
  }
  return out;
}

OpenResult open_reader(std::string_view spec, const OpenOptions& options) {
  ReaderSpec parsed = parse_reader_spec(spec);
  for (const auto& row : kDrivers) {
    if (row.kind != parsed.kind) continue;
    OpenResult opened = row.open(parsed, options);
    attach_traces(opened, options);
    return opened;
  }
  std::string known;
  for (const auto& row : kDrivers) known += (known.empty() ? "" : ", ") + std::string(row.kind);
  return {nullptr, "unknown reader kind '" + parsed.kind + "' (known: " + known + ")"};
}

std::vector<std::string> reader_kinds() {
  std::vector<std::string> kinds;
  for (const auto& row : kDrivers) kinds.emplace_back(row.kind);
  return kinds;
}

}  // namespace readerkit::drivers
