// SPDX-License-Identifier: MIT
// Fuzz target: lines sent to a simulated reader's control socket (docs/sim.md "Control
// socket"): split into words as the server splits them, then run by the reader's command
// interpreter (`card insert|remove`, `fault ...`, `slot=K`), on a two-slot reader opened for
// each input. Words that name a file (a '/' or ".json") are left out: loading profile files
// has its own bounds and its own target (sim_profile_fuzz). Invariants: every line gets an
// "ok" or "error <reason>" reply on one line, a refusal with a reason.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "control_socket.hpp"
#include "readerkit/sim/sim_reader.hpp"

using namespace readerkit;
using namespace readerkit::sim;

namespace {

[[noreturn]] void violated() {
  std::abort();
}

bool names_a_file(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    if (w.find('/') != std::string::npos) return true;
    if (w.size() >= 5 && w.compare(w.size() - 5, 5, ".json") == 0) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  auto reader = open_sim_reader({"slots=2"}, drivers::OpenOptions{}, error);
  if (!reader) violated();
  std::size_t start = 0;
  for (int lines = 0; start <= text.size() && lines < 32; ++lines) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    start = end + 1;
    const auto words = split_words(line);
    if (names_a_file(words)) continue;
    const CommandReply reply = reader->command(words);
    const std::string sent = reply_line(reply);
    if (sent.find('\n') != std::string::npos) violated();
    if (sent.rfind(reply.ok ? "ok" : "error ", 0) != 0) violated();
    if (!reply.ok && reply.message.empty()) violated();
  }
  return 0;
}
