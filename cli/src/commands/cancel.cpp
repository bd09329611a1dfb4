// SPDX-License-Identifier: MIT
// `cancel ID`: cancels a pending request; its completion event (STATUS_CANCELLED) follows the
// cancel line. An id that is not pending gives "status":"unknown-id".
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "session.hpp"

namespace readerkit::cli {

Action define_cancel(CLI::App& sub) {
  auto id = std::make_shared<int>(0);
  sub.add_option("id", *id, "id of a pending request")->required();
  return [id](Session& session) {
    NoteRecord note{"cancel", "unknown-id"};
    note.fields["id"] = *id;
    std::string error;
    // Only card tracking pends, at most one request per device: cancelling it ends this id.
    if (session.pending().is_pending(*id)) {
      Device* device = session.device(error);
      if (device != nullptr && device->cancel_tracking()) note.status = "ok";
    }
    session.printer().note(note);
    return note.status == "ok" ? Outcome::success : Outcome::failure;
  };
}

}  // namespace readerkit::cli
