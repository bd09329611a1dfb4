// SPDX-License-Identifier: MIT
// The command table and the parser every command line goes through (single commands and the
// lines of `run` alike).
#include <algorithm>
#include <array>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "command.hpp"
#include "commands/commands.hpp"
#include "session.hpp"

namespace readerkit::cli {
namespace {

const std::array kCommands{
    Command{"atr", "decode an ATR (needs no reader)", define_atr},
    Command{"status", "reader and card state, ATR, protocol, main attributes", define_status},
    Command{"power", "IOCTL_SMARTCARD_POWER: cold | warm | down", define_power},
    Command{"protocol", "IOCTL_SMARTCARD_SET_PROTOCOL: T0 | T1 | T0,T1 | RAW", define_protocol},
    Command{"transmit", "one command through IOCTL_SMARTCARD_TRANSMIT", define_transmit},
    Command{"pin", "PIN pad: pin verify | pin modify [options] | pin type DIGITS|cancel",
            define_pin},
    Command{"attr", "GET / SET_ATTRIBUTE by name or id", define_attr},
    Command{"ioctl", "any IOCTL with raw input bytes", define_ioctl},
    Command{"cancel", "cancel a pending request", define_cancel},
    Command{"wait", "sleep MS milliseconds, printing completions", define_wait},
    Command{"card", "simulated reader: card insert [PROFILE] | card remove", define_card},
    Command{"fault", "simulated reader: fault NAME [key=value ...] | fault clear", define_fault},
    Command{"sim-control", "send card/fault commands to a sim reader in another process",
            define_sim_control},
    Command{"bench", "in-process throughput of readertest APDUs", define_bench},
    Command{"run", "run commands from FILE (or - for stdin), one per line", define_run},
    Command{"list", "USB CCID readers with their class descriptor decoded", define_list},
    Command{"trace", "print a pcap trace (--pcap) as text or JSON (needs no reader)",
            define_trace},
    Command{"usbip", "usbip serve: export readers as USB CCID devices; usbip list",
            define_usbip},
};

const Command* find_command(std::string_view name) {
  auto it = std::find_if(kCommands.begin(), kCommands.end(),
                         [&](const Command& c) { return c.name == name; });
  return it == kCommands.end() ? nullptr : &*it;
}

}  // namespace

int exit_code(Outcome o) {
  switch (o) {
    case Outcome::success:
      return 0;
    case Outcome::failure:
    case Outcome::error:
      return 1;
    case Outcome::usage:
      return 2;
    case Outcome::interrupted:
      return 130;  // 128 + SIGINT, as a shell reports a command Ctrl-C ended
  }
  return 2;
}

std::span<const Command> command_table() {
  return kCommands;
}

ParsedCommand parse_command(const std::vector<std::string>& words) {
  ParsedCommand parsed;
  if (words.empty()) return parsed.error = "no command", parsed;
  parsed.name = words[0];
  const Command* command = find_command(words[0]);
  if (command == nullptr) return parsed.error = "unknown command '" + words[0] + "'", parsed;

  CLI::App app{std::string(command->summary), "readerkit " + std::string(command->name)};
  Action action = command->define(app);
  std::vector<std::string> args(words.rbegin(), words.rend() - 1);  // CLI11 wants them reversed
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp&) {
    parsed.help = app.help();
    return parsed;
  } catch (const CLI::ParseError& e) {
    parsed.error = e.what();
    return parsed;
  }
  parsed.action = std::move(action);
  return parsed;
}

Outcome execute_words(Session& session, const std::vector<std::string>& words) {
  ParsedCommand parsed = parse_command(words);
  if (!parsed.help.empty()) {
    std::fputs(parsed.help.c_str(), stdout);
    std::fflush(stdout);
    return Outcome::success;
  }
  if (!parsed.action) return report_usage(session, parsed.name, parsed.error);
  try {
    return parsed.action(session);
  } catch (const std::exception& e) {
    return report_error(session, parsed.name, e.what());
  }
}

Outcome report_error(Session& session, std::string_view cmd, std::string_view message) {
  session.printer().error(cmd, message);
  return Outcome::error;
}

Outcome report_usage(Session& session, std::string_view cmd, std::string_view message) {
  session.printer().usage_error(cmd, message);
  return Outcome::usage;
}

}  // namespace readerkit::cli
