// SPDX-License-Identifier: MIT
// The SimReader behind open_sim_reader(): its slots (each a Device over the simulated driver,
// with its own card and armed faults) and the optional control socket.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "control_socket.hpp"
#include "readerkit/pcap_trace.hpp"
#include "readerkit/sim/sim_reader.hpp"
#include "sim_slot.hpp"

namespace readerkit::sim {

/// What open_sim_reader() parsed from the SPEC fields.
struct SimOptions {
  std::string profile = "default";
  bool card_present = true;
  std::string control_path;
  std::size_t slots = 1;  // `slots=N`, 1..kMaxSlots
};

/// Most slots a simulated reader offers (`slots=N`).
inline constexpr std::size_t kMaxSlots = 4;

class SimReaderImpl : public SimReader {
 public:
  /// `pinpad`: the first card profile's virtual PIN pad, a property of the reader's slots.
  SimReaderImpl(const SimOptions& options, const drivers::OpenOptions& open,
                const std::optional<PinPadConfig>& pinpad = std::nullopt);
  ~SimReaderImpl() override;

  /// Starts the control socket when asked for; an empty string on success.
  std::string start(const SimOptions& options, Profile first_card);

  std::size_t slot_count() const override { return slots_.size(); }
  Device& slot(std::size_t index) override;
  std::string description() const override;
  CommandReply command(const std::vector<std::string>& words) override;
  void set_trace(std::function<void(std::string_view)> sink) override;

 private:
  // sim_commands.cpp: words without the `slot=K` word, for slot `slot`.
  CommandReply run_command(std::vector<std::string> words);
  CommandReply card_command(SimSlot& slot, const std::vector<std::string>& words);
  CommandReply fault_command(SimSlot& slot, const std::vector<std::string>& words);
  CommandReply pin_command(SimSlot& slot, const std::vector<std::string>& words);
  // sim_trace_command.cpp: `trace start FILE [mask]` / `trace stop`, for every slot.
  CommandReply trace_command(const std::vector<std::string>& words);

  std::mutex command_mutex_;  // one card/fault command at a time
  std::string profile_name_;  // the reader's profile, by name or path
  Profile own_profile_;       // ... as parsed at open: what `card insert` without a name inserts
  std::vector<std::unique_ptr<SimSlot>> slots_;
  Log log_;
  std::vector<std::shared_ptr<Trace>> host_traces_;  // per slot, from OpenOptions::trace
  std::shared_ptr<PcapTrace> control_trace_;         // `trace start`, until `trace stop`
  std::unique_ptr<ControlServer> control_;  // destroyed first: it calls command()
};

/// Reader capabilities of the simulated reader (issue 2: vendor, type, clocks, rates).
ReaderCapabilities sim_reader_capabilities();

}  // namespace readerkit::sim
