// SPDX-License-Identifier: MIT
// `sim-control PATH card ...|fault ...|pin DIGITS|cancel|trace ...`: drives a simulated reader living in
// another process through its control=PATH socket. Exit 0 done, 1 refused or unreachable, 2 usage.
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
  sub.add_option("command", *words,
                 "card insert [PROFILE] | card remove | fault ... | pin DIGITS|cancel | "
                 "trace start FILE [mask] | trace stop")
      ->required();
  return [path, words](Session& session) {
    const std::string& kind = words->front();
    if (kind != "card" && kind != "fault" && kind != "pin" && kind != "trace")
      return report_usage(session, "sim-control",
                          "expected 'card ...', 'fault ...', 'pin ...' or 'trace ...'");
    ControlReply reply = send_control_command(*path, *words);
    static constexpr const char* kStatus[] = {"ok", "refused", "unreachable"};
    NoteRecord note{"sim-control", kStatus[static_cast<int>(reply.kind)]};
    std::vector<std::string> shown = *words;
    if (kind == "pin" && shown.size() > 1) shown[1] = shown_pin_entry(shown[1]);
    note.fields["command"] = join_words(shown);
    if (!reply.message.empty()) note.fields["message"] = reply.message;
    session.printer().note(note);
    return reply.kind == ControlReply::Kind::ok ? Outcome::success : Outcome::failure;
  };
}

}  // namespace readerkit::cli
