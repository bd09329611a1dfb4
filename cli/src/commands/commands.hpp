// SPDX-License-Identifier: MIT
// The define functions of the command table (command_table.cpp); one file each.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "command.hpp"

namespace readerkit::cli {

Action define_atr(CLI::App& sub);
Action define_status(CLI::App& sub);
Action define_power(CLI::App& sub);
Action define_protocol(CLI::App& sub);
Action define_transmit(CLI::App& sub);
Action define_attr(CLI::App& sub);
Action define_ioctl(CLI::App& sub);
Action define_cancel(CLI::App& sub);
Action define_wait(CLI::App& sub);
Action define_card(CLI::App& sub);
Action define_fault(CLI::App& sub);
Action define_sim_control(CLI::App& sub);
Action define_bench(CLI::App& sub);
Action define_run(CLI::App& sub);
Action define_list(CLI::App& sub);
Action define_pin(CLI::App& sub);
Action define_trace(CLI::App& sub);
Action define_usbip(CLI::App& sub);

/// A typed PIN entry as it may be shown: "cancel", or only its digit count ("<4 digits>").
std::string shown_pin_entry(std::string_view entry);
/// A script line as `run` echoes it: `pin type DIGITS` with the digits hidden.
std::string script_echo(std::vector<std::string> words);

/// Adds `--out-size N` (output capacity, default 65550) to a request command.
void add_out_size_option(CLI::App& sub, std::size_t& out_size);

}  // namespace readerkit::cli
