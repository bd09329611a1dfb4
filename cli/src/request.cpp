// SPDX-License-Identifier: MIT
#include "request.hpp"

#include "readerkit/card.hpp"
#include "readerkit/ioctl.hpp"
#include "session.hpp"

namespace readerkit::cli {
namespace {

using Clock = std::chrono::steady_clock;

// The grace period after a timed-out request is cancelled: cancellation completes at once in
// a working device, the bound only keeps a broken one from hanging the CLI.
constexpr std::chrono::seconds kCancelGrace{10};

Outcome outcome_of(Status s) {
  return s == Status::SUCCESS ? Outcome::success : Outcome::failure;
}

// ioctl without --async on a request that pends: wait, then the completion event is the line
// that carries the final status (docs/cli.md).
Outcome wait_for_completion(Session& session, Device& device, int id,
                            const RequestOptions& options) {
  const bool limited = options.timeout.count() > 0;
  const auto deadline = limited ? Clock::now() + options.timeout : Clock::time_point::max();
  if (!session.pending().wait_completed(id, deadline)) {
    device.cancel_tracking();
    session.pending().wait_completed(id, Clock::now() + kCancelGrace);
  }
  Outcome outcome = Outcome::error;
  for (const EventRecord& e : session.pending().take_events()) {
    if (e.id == id) outcome = outcome_of(e.status);
    session.printer().event(e);
  }
  return outcome;
}

}  // namespace

Outcome issue_request(Session& session, std::string cmd, std::string args, std::uint32_t code,
                      Bytes input, const RequestOptions& options) {
  std::string error;
  Device* device = session.device(error);
  if (device == nullptr) return report_error(session, cmd, error);

  RequestRecord record;
  record.cmd = std::move(cmd);
  record.args = std::move(args);
  record.code = code;
  record.automatic = options.automatic;
  record.input = std::move(input);
  Bytes output(options.out_size);
  const int id = session.pending().next_id();
  IoResult result =
      device->control(code, record.input, output, session.pending().completion_for(id));
  record.status = result.status;
  record.information = result.status == Status::PENDING ? 0 : result.information;
  output.resize(std::min(record.information, output.size()));
  record.output = std::move(output);
  if (result.status == Status::PENDING) {
    session.pending().pended(id);
    record.id = id;
  }
  session.printer().request(record);
  if (result.status != Status::PENDING) return outcome_of(result.status);
  if (options.async) return Outcome::success;
  return wait_for_completion(session, *device, id, options);
}

namespace {

// The requests that bring the card to SPECIFIC, by the state it is in: POWER (cold) while it
// has not answered a reset, SET_PROTOCOL (T0|T1, the card's choice) while it is NEGOTIABLE.
struct AutoStep {
  CardState below;  // the step runs while the state is below this one
  std::string_view cmd;
  std::string_view args;
  std::uint32_t code;
  std::uint32_t value;
};
constexpr AutoStep kAutoSteps[] = {
    {CardState::SCARD_NEGOTIABLE, "power", "cold", IOCTL_SMARTCARD_POWER,
     static_cast<std::uint32_t>(PowerAction::SCARD_COLD_RESET)},
    {CardState::SCARD_SPECIFIC, "protocol", "T0,T1", IOCTL_SMARTCARD_SET_PROTOCOL,
     SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1},
};

}  // namespace

// An absent card is left to the transmit, which reports STATUS_NO_MEDIA itself.
Outcome prepare_card(Session& session, Device& device) {
  for (const AutoStep& step : kAutoSteps) {
    const CardState state = device.state();
    if (state <= CardState::SCARD_ABSENT || state >= step.below) continue;
    RequestOptions options;
    options.automatic = true;
    Outcome o = issue_request(session, std::string(step.cmd), std::string(step.args), step.code,
                              le32_bytes(step.value), options);
    if (o != Outcome::success) return o;
  }
  return Outcome::success;
}

}  // namespace readerkit::cli
