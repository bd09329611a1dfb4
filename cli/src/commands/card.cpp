// `card insert [PROFILE]` / `card remove` and `fault NAME [key=value ...]` / `fault clear`:
// commands of the simulated reader, executed by SimReader::command().
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "session.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

Outcome run_sim_command(Session& session, const std::string& cmd,
                        const std::vector<std::string>& words) {
  std::string error;
  if (!session.open(error)) return report_error(session, cmd, error);
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
  auto profile = std::make_shared<std::string>();
  sub.add_option("op", *op, "insert | remove")
      ->required()
      ->transform(CLI::IsMember({"insert", "remove"}, CLI::ignore_case));
  sub.add_option("profile", *profile, "card profile for insert (name or JSON file)");
  return [op, profile](Session& session) {
    if (*op == "remove" && !profile->empty())
      return report_usage(session, "card", "card remove takes no profile");
    std::vector<std::string> words{"card", *op};
    if (!profile->empty()) words.push_back(*profile);
    return run_sim_command(session, "card", words);
  };
}

Action define_fault(CLI::App& sub) {
  auto args = std::make_shared<std::vector<std::string>>();
  sub.add_option("fault", *args, "NAME [key=value ...] | clear")->required();
  return [args](Session& session) {
    std::vector<std::string> words{"fault"};
    words.insert(words.end(), args->begin(), args->end());
    return run_sim_command(session, "fault", words);
  };
}

}  // namespace readerkit::cli
