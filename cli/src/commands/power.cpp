// SPDX-License-Identifier: MIT
// `power cold|warm|down`: IOCTL_SMARTCARD_POWER with the action as ULONG input.
#include <array>
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "readerkit/card.hpp"
#include "readerkit/ioctl.hpp"
#include "request.hpp"

namespace readerkit::cli {
namespace {

struct ActionWord {
  std::string_view word;
  PowerAction action;
};
constexpr std::array kActions{
    ActionWord{"cold", PowerAction::SCARD_COLD_RESET},
    ActionWord{"warm", PowerAction::SCARD_WARM_RESET},
    ActionWord{"down", PowerAction::SCARD_POWER_DOWN},
};

}  // namespace

void add_out_size_option(CLI::App& sub, std::size_t& out_size) {
  sub.add_option("--out-size", out_size, "output buffer capacity in bytes (default 65550)")
      ->check(CLI::Range(std::size_t{0}, kMaxOutSize));
}

Action define_power(CLI::App& sub) {
  auto word = std::make_shared<std::string>();
  auto options = std::make_shared<RequestOptions>();
  sub.add_option("action", *word, "cold | warm | down")
      ->required()
      ->transform(CLI::IsMember({"cold", "warm", "down"}, CLI::ignore_case));
  add_out_size_option(sub, options->out_size);
  return [word, options](Session& session) {
    PowerAction action = PowerAction::SCARD_COLD_RESET;
    for (const auto& row : kActions)
      if (row.word == *word) action = row.action;
    return issue_request(session, "power", *word, IOCTL_SMARTCARD_POWER,
                         le32_bytes(static_cast<std::uint32_t>(action)), *options);
  };
}

}  // namespace readerkit::cli
