// SPDX-License-Identifier: MIT
// `wait MS`: sleeps, printing completion events as they arrive, then its own line.
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "session.hpp"

namespace readerkit::cli {

/// Longest wait a script may ask for (one hour): a bound, not a real use.
constexpr std::uint32_t kMaxWaitMs = 3600000;

Action define_wait(CLI::App& sub) {
  auto ms = std::make_shared<std::uint32_t>(0);
  sub.add_option("ms", *ms, "milliseconds")->required()->check(CLI::Range(0u, kMaxWaitMs));
  return [ms](Session& session) {
    session.wait_until(std::chrono::steady_clock::now() + std::chrono::milliseconds(*ms));
    NoteRecord note{"wait", "ok"};
    note.fields["ms"] = *ms;
    session.printer().note(note);
    return Outcome::success;
  };
}

}  // namespace readerkit::cli
