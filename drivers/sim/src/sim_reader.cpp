// SPDX-License-Identifier: MIT
#include "sim_reader_impl.hpp"

#include <readerkit/version.hpp>

namespace readerkit::sim {
namespace {

/// Request and reply buffers large enough for extended APDUs (65535 data + header + Le + SW).
constexpr std::size_t kIoBufferSize = 65536 + 512;

}  // namespace

ReaderCapabilities sim_reader_capabilities() {
  ReaderCapabilities r;
  r.vendor_name = "ReaderKit";
  r.ifd_type = "Simulated Reader";
  r.ifd_version = kIfdVersion;
  r.protocol_types = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
  r.default_clk_khz = r.max_clk_khz = r.current_clk_khz = 3580;
  r.default_data_rate = 9600;
  r.max_data_rate = 344086;
  r.max_ifsd = 254;
  r.mechanics = 0;
  return r;
}

SimReaderImpl::SimReaderImpl(const SimOptions& options, const drivers::OpenOptions& open,
                             const std::optional<PinPadConfig>& pinpad)
    : profile_name_(options.profile), log_(open.log) {
  DeviceConfig config;
  config.lenient_atr = open.lenient_atr;
  config.io_buffer_size = kIoBufferSize;
  config.log = open.log;
  for (std::size_t i = 0; i < options.slots; ++i) {
    config.trace = open.trace_of(i);
    host_traces_.push_back(config.trace);
    slots_.push_back(
        std::make_unique<SimSlot>(sim_reader_capabilities(), config, open.log, pinpad));
  }
}

SimReaderImpl::~SimReaderImpl() {
  control_.reset();  // no command may reach a slot being destroyed
  slots_.clear();
}

// Every slot gets a card of the same profile (unless the reader starts empty).
std::string SimReaderImpl::start(const SimOptions& options, Profile first_card) {
  own_profile_ = first_card;  // `card insert` without a name: no file read, no JSON parse
  if (options.card_present) {
    for (auto& slot : slots_) {
      if (auto r = slot->insert(first_card); !r.ok) return r.message;
    }
  }
  if (options.control_path.empty()) return "";
  control_ = std::make_unique<ControlServer>(
      options.control_path, [this](const std::vector<std::string>& w) { return command(w); });
  return control_->start();
}

Device& SimReaderImpl::slot(std::size_t index) {
  // Out of range is a host bug; slot 0 keeps it from being undefined behaviour.
  return slots_[index < slots_.size() ? index : 0]->device();
}

std::string SimReaderImpl::description() const {
  std::string d = "ReaderKit Simulated Reader (profile " + profile_name_;
  if (slots_.size() > 1) d += ", " + std::to_string(slots_.size()) + " slots";
  return d + ")";
}

// One slot: lines unchanged. Several: each line starts with "slot K " so bursts of
// different slots can be told apart.
void SimReaderImpl::set_trace(std::function<void(std::string_view)> sink) {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (!sink || slots_.size() == 1) {
      slots_[i]->line().set_trace(sink);
      continue;
    }
    const std::string prefix = "slot " + std::to_string(i) + " ";
    slots_[i]->line().set_trace(
        [sink, prefix](std::string_view line) { sink(prefix + std::string(line)); });
  }
}

}  // namespace readerkit::sim
