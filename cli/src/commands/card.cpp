// SPDX-License-Identifier: MIT
// `card insert [PROFILE]` / `card remove` and `fault NAME [key=value ...]` / `fault clear`:
// commands of the simulated reader, executed by SimReader::command(). Extra words such as
// `slot=K` pass through; with `--slot K` and no `slot=` word, `slot=K` is added.
#include <algorithm>
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "session.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

void add_session_slot(const Session& session, std::vector<std::string>& words) {
  const std::size_t slot = session.options().slot;
  const bool named = std::any_of(words.begin(), words.end(),
                                 [](const std::string& w) { return w.rfind("slot=", 0) == 0; });
  if (slot != 0 && !named) words.push_back("slot=" + std::to_string(slot));
}

Outcome run_sim_command(Session& session, const std::string& cmd,
                        std::vector<std::string> words) {
  std::string error;
  if (!session.open(error)) return report_error(session, cmd, error);
  add_session_slot(session, words);
  NoteRecord note{cmd, "ok"};
  note.fields["command"] = join_words(words, 1);
  sim::SimReader* sim = session.sim();
  if (sim == nullptr) {
    note.status = "refused";
    note.fields["message"] = "'" + cmd + "' needs the simulated reader";
  } else {
    sim::CommandReply reply = sim->command(words);
    note.status = reply.ok ? "ok" : "refused";
    if (!reply.message.empty()) note.fields["message"] = reply.message;
  }
  session.printer().note(note);
  return note.status == "ok" ? Outcome::success : Outcome::failure;
}

}  // namespace

Action define_card(CLI::App& sub) {
  auto op = std::make_shared<std::string>();
  auto rest = std::make_shared<std::vector<std::string>>();
  sub.add_option("op", *op, "insert | remove")
      ->required()
      ->transform(CLI::IsMember({"insert", "remove"}, CLI::ignore_case));
  sub.add_option("profile", *rest, "insert: card profile (name or JSON file); slot=K");
  return [op, rest](Session& session) {
    std::vector<std::string> words{"card", *op};
    words.insert(words.end(), rest->begin(), rest->end());
    return run_sim_command(session, "card", std::move(words));
  };
}

Action define_fault(CLI::App& sub) {
  auto args = std::make_shared<std::vector<std::string>>();
  sub.add_option("fault", *args, "NAME [key=value ...] | clear")->required();
  return [args](Session& session) {
    std::vector<std::string> words{"fault"};
    words.insert(words.end(), args->begin(), args->end());
    return run_sim_command(session, "fault", std::move(words));
  };
}

}  // namespace readerkit::cli
