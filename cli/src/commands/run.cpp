// SPDX-License-Identifier: MIT
// `run FILE|-`: runs commands one per line against one reader in one process. Statuses are data
// in the output; the exit status is 0 when every line was parsed and executed, 2 otherwise. A
// regular-file script shows its progress on stderr when that is a terminal and stdout is not.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "line_reader.hpp"
#include "progress.hpp"
#include "session.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

/// `run` inside a script includes another script; the bound stops a script running itself.
constexpr int kMaxDepth = 8;
int g_depth = 0;

struct DepthGuard {
  DepthGuard() { ++g_depth; }
  ~DepthGuard() { --g_depth; }
};

// The script's size when it is a regular file of the outermost run: what its progress line
// counts against (a pipe has no size, an included script would fight over the line).
std::size_t progress_total(int fd) {
  struct stat st {};
  if (g_depth != 1 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<std::size_t>(st.st_size);
}

// Runs the lines until the end or a Ctrl-C that a line (bench) reported as Outcome::interrupted.
bool run_lines(Session& session, LineReader& reader, std::size_t total, bool& interrupted) {
  bool all_executed = true;
  auto idle = [&session] { session.flush_events(); };
  std::optional<Progress> progress;
  if (total != 0) progress.emplace("run", total, "bytes", "", ProgressOutput::as_it_goes);
  std::size_t done = 0;
  while (auto line = reader.next(idle)) {
    done += line->size() + 1;
    if (progress) progress->update(done);
    if (auto comment = comment_only(*line)) {
      session.printer().comment(*comment);
      continue;
    }
    std::vector<std::string> words = split_words(*line);
    if (words.empty()) {
      session.printer().comment("");  // a blank line ends a paragraph of comments
      continue;
    }
    session.printer().script_line(script_echo(words));
    Outcome o = execute_words(session, words);
    if (o == Outcome::usage || o == Outcome::error) all_executed = false;
    session.flush_events();
    if (o == Outcome::interrupted) return interrupted = true, all_executed;
  }
  if (reader.too_long()) {
    report_usage(session, "run",
                 "script line longer than " + std::to_string(kMaxScriptLine) + " bytes");
    return false;
  }
  return all_executed;
}

Outcome run_script(Session& session, const std::string& file) {
  if (g_depth >= kMaxDepth) return report_usage(session, "run", "scripts nested too deeply");
  DepthGuard depth;
  session.set_in_script(true);  // a script's transmit lines never prepare the card
  // Open the reader before the first line, so a control=PATH socket listens from the start.
  std::string error;
  if (!session.open(error)) {
    report_error(session, "run", error);
    return Outcome::usage;
  }
  int fd = file == "-" ? STDIN_FILENO : ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return report_usage(session, "run", "cannot open '" + file + "'");
  LineReader reader(fd);
  bool interrupted = false;
  const bool ok = run_lines(session, reader, progress_total(fd), interrupted);
  if (fd != STDIN_FILENO) ::close(fd);
  if (interrupted) return Outcome::interrupted;
  return ok ? Outcome::success : Outcome::usage;
}

}  // namespace

Action define_run(CLI::App& sub) {
  auto file = std::make_shared<std::string>();
  sub.add_option("file", *file, "script file, or - for stdin")->required();
  return [file](Session& session) { return run_script(session, *file); };
}

}  // namespace readerkit::cli
