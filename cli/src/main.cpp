// SPDX-License-Identifier: MIT
// readerkit: the command line of ReaderKit (docs/contract/cli.md). Global options first, then one
// command from the command table.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <readerkit/version.hpp>

#include "command.hpp"
#include "log_levels.hpp"
#include "session.hpp"

namespace {

using namespace readerkit::cli;

std::string commands_footer() {
  std::string text = "Commands:\n";
  for (const Command& c : command_table()) {
    std::string name(c.name);
    name.resize(std::max<std::size_t>(name.size() + 1, 14), ' ');
    text += "  " + name + std::string(c.summary) + "\n";
  }
  return text +
         "\n'readerkit COMMAND --help' describes a command. Exit status: 0 success, "
         "1 other status, 2 usage error.";
}

// --json and --trace are also accepted after the command word (`readerkit atr 3B00 --json`):
// no command takes a value spelled like them.
void take_trailing_flags(std::vector<std::string>& words, GlobalOptions& options) {
  std::erase_if(words, [&](const std::string& w) {
    if (w == "--json") return options.json = true;
    if (w == "--trace") return options.trace = true;
    return false;
  });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"readerkit: drive a smart card reader IOCTL by IOCTL", "readerkit"};
  GlobalOptions options;
  int verbosity = 0;
  std::string log_levels;
  app.add_option("--reader", options.reader_spec,
                 "reader SPEC: sim[:profile=NAME|PATH][:card=absent][:control=PATH], "
                 "vpcd:HOST:PORT, ... (default sim)");
  app.add_option("--slot", options.slot, "reader slot the commands address (default 0)");
  app.add_flag("--json", options.json, "one JSON object per line");
  app.add_flag("--trace", options.trace, "simulated reader: print the byte line on stderr");
  app.add_option("--pcap", options.pcap,
                 "write a trace of everything the reader does to FILE (pcap; Wireshark, "
                 "'readerkit trace FILE')");
  app.add_flag("--pcap-mask", options.pcap_mask,
               "leave APDU data and other payload out of the --pcap trace");
  app.add_flag("-v,--verbose", verbosity, "log on stderr; repeat for more (-vvv: all levels)");
  app.add_option("--log", log_levels,
                 "log levels on stderr: ioctl,atr,protocol,driver,trace,error | all | MASK");
  app.set_version_flag("--version", "readerkit " + std::string(readerkit::kVersionString));
  app.prefix_command();
  app.footer(commands_footer());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  options.log_mask = verbosity_mask(verbosity);
  if (!log_levels.empty()) {
    auto mask = parse_log_levels(log_levels);
    if (!mask) {
      std::cerr << "readerkit: --log: unknown level in '" << log_levels << "'\n";
      return 2;
    }
    options.log_mask |= *mask;
  }
  std::vector<std::string> words = app.remaining();
  take_trailing_flags(words, options);
  if (words.empty()) {
    std::cerr << app.help() << "readerkit: a command is needed\n";
    return 2;
  }
  auto printer =
      options.json ? make_json_printer(std::cout) : make_human_printer(std::cout, std::cerr);
  options.one_shot = true;
  Session session(options, *printer);
  if (std::string error; !session.open_pcap(error)) {
    std::cerr << "readerkit: --pcap: " << error << "\n";
    return 1;
  }
  Outcome outcome = execute_words(session, words);
  session.flush_events();
  session.close();
  return exit_code(outcome);
}
