// SPDX-License-Identifier: MIT
// The command table: one row per command, one file per command under commands/. Adding a
// command is adding a file with its define function and a row in command_table.cpp.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace readerkit::cli {

class Session;

/// How a command ended; decides the exit status (docs/contract/cli.md "Exit status").
enum class Outcome {
  success,  // STATUS_SUCCESS, PENDING under --async, "ok": exit 0
  failure,  // any other status: exit 1 (data inside `run`)
  error,    // could not be executed (reader did not open, ...): exit 1, `run` exits 2
  usage,    // could not be parsed: exit 2
  interrupted,  // stopped by Ctrl-C after printing partial figures (bench): exit 130
};

/// Exit status of a single command.
int exit_code(Outcome o);

/// What a parsed command does when run against a session.
using Action = std::function<Outcome(Session&)>;

/// One row of the command table.
struct Command {
  std::string_view name;
  std::string_view summary;
  /// Declares the command's arguments on `sub` and returns the action bound to them (the
  /// action reads the values CLI11 stores while parsing).
  Action (*define)(CLI::App& sub);
};

/// Every command, in help order.
std::span<const Command> command_table();

/// A command line parsed against the table.
struct ParsedCommand {
  std::string name;   // the command word ("" when there was none)
  Action action;      // empty when parsing failed or help was asked
  std::string error;  // usage message when parsing failed
  std::string help;   // help text when --help was given
};

/// Parses words ("power", "cold") into a command; never throws.
ParsedCommand parse_command(const std::vector<std::string>& words);

/// Parses and runs one command, printing a usage error through the session's printer.
Outcome execute_words(Session& session, const std::vector<std::string>& words);

/// Reports a command that could not run (e.g. reader did not open) and returns Outcome::error.
Outcome report_error(Session& session, std::string_view cmd, std::string_view message);

/// Reports a usage problem found after parsing (bad hex, unknown name) and returns
/// Outcome::usage.
Outcome report_usage(Session& session, std::string_view cmd, std::string_view message);

}  // namespace readerkit::cli
