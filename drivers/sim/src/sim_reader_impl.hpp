// The SimReader behind open_sim_reader(): one Device over the simulated driver, the card slot,
// the armed faults and the optional control socket.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "control_socket.hpp"
#include "faults.hpp"
#include "readerkit/device.hpp"
#include "readerkit/sim/sim_reader.hpp"
#include "sim_driver.hpp"
#include "sim_line.hpp"

namespace readerkit::sim {

/// What open_sim_reader() parsed from the SPEC fields.
struct SimOptions {
  std::string profile = "default";
  bool card_present = true;
  std::string control_path;
};

class SimReaderImpl : public SimReader {
 public:
  SimReaderImpl(const SimOptions& options, const drivers::OpenOptions& open);
  ~SimReaderImpl() override;

  /// Starts the control socket when asked for; an empty string on success.
  std::string start(const SimOptions& options, Profile first_card);

  std::size_t slot_count() const override { return 1; }
  Device& slot(std::size_t index) override;
  std::string description() const override;
  CommandReply command(const std::vector<std::string>& words) override;
  void set_trace(std::function<void(std::string_view)> sink) override;

 private:
  CommandReply card_command(const std::vector<std::string>& words);
  CommandReply fault_command(const std::vector<std::string>& words);
  CommandReply insert(Profile profile);
  CommandReply remove();

  std::mutex command_mutex_;  // one card/fault command at a time
  std::string profile_name_;  // profile of `card insert` without a name
  FaultState faults_;
  SimLine line_;
  SimDriver driver_;
  std::unique_ptr<Device> device_;
  Log log_;
  std::unique_ptr<ControlServer> control_;  // destroyed first: it calls command()
};

/// Reader capabilities of the simulated reader (issue 2: vendor, type, clocks, rates).
ReaderCapabilities sim_reader_capabilities();

}  // namespace readerkit::sim
