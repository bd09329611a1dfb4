// SPDX-License-Identifier: MIT
// `sim-control PATH card ...|fault ...`: drives a simulated reader living in another process
// through its control=PATH socket. Exit 0 done, 1 refused or unreachable, 2 usage.
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "session.hpp"
#include "sim_control_client.hpp"
#include "text.hpp"

namespace readerkit::cli {

Action define_sim_control(CLI::App& sub) {
  auto path = std::make_shared<std::string>();
  auto words = std::make_shared<std::vector<std::string>>();
  sub.add_option("path", *path, "the reader's control socket")->required();
  sub.add_option("command", *words, "card insert [PROFILE] | card remove | fault ...")->required();
  return [path, words](Session& session) {
    const std::string& kind = words->front();
    if (kind != "card" && kind != "fault")
      return report_usage(session, "sim-control", "expected 'card ...' or 'fault ...'");
    ControlReply reply = send_control_command(*path, *words);
    static constexpr const char* kStatus[] = {"ok", "refused", "unreachable"};
    NoteRecord note{"sim-control", kStatus[static_cast<int>(reply.kind)]};
    note.fields["command"] = join_words(*words);
    if (!reply.message.empty()) note.fields["message"] = reply.message;
    session.printer().note(note);
    return reply.kind == ControlReply::Kind::ok ? Outcome::success : Outcome::failure;
  };
}

}  // namespace readerkit::cli
