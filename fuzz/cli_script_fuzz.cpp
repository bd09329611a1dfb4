// SPDX-License-Identifier: MIT
// Fuzz target: `readerkit run FILE` lines. The input is the script file: it is read through
// the CLI's line reader from a file descriptor, each line split into words and parsed against
// the command table, and run against one simulated reader (T=0 and T=1 card, readertest unit
// 0 ms), as `run` does. Some lines are parsed but not executed, because executing them waits
// or reaches outside the process by design, and their bounds belong to other checks:
// `run` (opens a file), `wait`, `bench`, `list` (USB), `sim-control` (sockets), `card insert`
// and any word naming a file (profile files: sim_profile_fuzz), and the `slow` and `wtx`
// faults (time and keep-alive bounds: docs/robustness.md). Invariants: parsing never throws;
// every executed line ends in an outcome; the session closes cleanly.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "command.hpp"
#include "instant_profile.hpp"
#include "line_reader.hpp"
#include "printer.hpp"
#include "session.hpp"
#include "text.hpp"

using namespace readerkit;
using namespace readerkit::cli;

namespace {

[[noreturn]] void violated() {
  std::abort();
}

bool executable(const std::vector<std::string>& w) {
  static const std::vector<std::string> kParseOnly{"run", "wait", "bench", "list", "sim-control"};
  for (const auto& name : kParseOnly) {
    if (w[0] == name) return false;
  }
  for (const auto& word : w) {
    if (word.find('/') != std::string::npos || word.find(".json") != std::string::npos)
      return false;
  }
  if (w[0] == "card" && w.size() > 1 && w[1] == "insert") return false;
  if (w[0] == "fault" && w.size() > 1 && (w[1] == "slow" || w[1] == "wtx")) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const int fd = memfd_create("script", MFD_CLOEXEC);
  if (fd < 0 || write(fd, data, size) != static_cast<ssize_t>(size)) violated();
  lseek(fd, 0, SEEK_SET);
  std::ostringstream out;
  std::ostringstream err;
  auto printer = make_human_printer(out, err);
  GlobalOptions options;
  options.reader_spec = instant_sim_spec();
  {
    Session session(options, *printer);
    LineReader reader(fd);
    int executed = 0;
    while (auto line = reader.next([&session] { session.flush_events(); })) {
      if (line->size() > size) violated();  // a line is never longer than the file
      if (comment_only(*line)) continue;
      const auto words = split_words(*line);
      if (words.empty()) continue;
      if (executed >= 32 || !executable(words)) {
        (void)parse_command(words);
        continue;
      }
      ++executed;
      (void)execute_words(session, words);
      session.flush_events();
    }
  }
  close(fd);
  return 0;
}
