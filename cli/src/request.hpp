// SPDX-License-Identifier: MIT
// Issuing one IOCTL on behalf of a command: the output buffer, the pending-request bookkeeping,
// the record, and the outcome (docs/contract/cli.md "JSON output", "Exit status").
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "command.hpp"
#include "readerkit/bytes.hpp"

namespace readerkit {
class Device;
}

namespace readerkit::cli {

class Session;

/// Output capacity when --out-size is not given (docs/contract/cli.md: 65550).
inline constexpr std::size_t kDefaultOutSize = 65550;
/// Upper bound for --out-size, so a typo cannot ask for gigabytes.
inline constexpr std::size_t kMaxOutSize = 16u << 20;

struct RequestOptions {
  std::size_t out_size = kDefaultOutSize;
  /// Issued by the CLI on its own (a one-shot transmit preparing the card), not typed.
  bool automatic = false;
  /// Return at once when the request pends (exit 0); otherwise wait for its completion.
  bool async = false;
  /// How long a request that pends without --async is waited for before it is cancelled;
  /// zero waits without limit.
  std::chrono::milliseconds timeout{60000};
};

/// A one-shot command's preparation (transmit, pin): POWER (cold) while the card has not
/// answered a reset, SET_PROTOCOL (T0,T1) while it is NEGOTIABLE, each printed as a request
/// marked automatic; the first failure's outcome, or success. An absent card is left alone.
Outcome prepare_card(Session& session, Device& device);

/// Sends one IOCTL through the session's device and prints its line. Without `async`, a
/// request that pends is waited for and its completion event is printed on the next line.
Outcome issue_request(Session& session, std::string cmd, std::string args, std::uint32_t code,
                      Bytes input, const RequestOptions& options = {});

}  // namespace readerkit::cli
