// SPDX-License-Identifier: MIT
// `ioctl NAME|CODE [HEX] [--out-size N] [--async]`: any IOCTL with raw input bytes. Codes in
// the pcsc-lite form (0x42000000 + n) are converted to the Windows form the device takes.
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "readerkit/ioctl.hpp"
#include "request.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

struct IoctlArgs {
  std::string name;
  std::vector<std::string> hex;
  RequestOptions options;
  std::uint32_t timeout_ms = 60000;
};

Outcome run_ioctl(Session& session, IoctlArgs& a) {
  std::optional<std::uint32_t> code = ioctl_from_name(a.name);
  if (!code) code = parse_u32(a.name);
  if (!code) return report_usage(session, "ioctl", "unknown IOCTL '" + a.name + "'");
  auto input = parse_hex_words(a.hex);
  if (!input) return report_usage(session, "ioctl", "input is not hex: " + join_words(a.hex));
  a.options.timeout = std::chrono::milliseconds(a.timeout_ms);
  std::string args = a.name + (a.hex.empty() ? "" : " " + join_words(a.hex));
  return issue_request(session, "ioctl", args, to_windows_form(*code), std::move(*input),
                       a.options);
}

}  // namespace

Action define_ioctl(CLI::App& sub) {
  auto a = std::make_shared<IoctlArgs>();
  sub.add_option("ioctl", a->name, "name (IOCTL_SMARTCARD_GET_STATE, GET_STATE) or code")
      ->required();
  sub.add_option("input", a->hex, "input bytes in hex");
  add_out_size_option(sub, a->options.out_size);
  sub.add_flag("--async", a->options.async, "return at once with an id when the request pends");
  sub.add_option("--timeout", a->timeout_ms,
                 "without --async: ms to wait for a pending request before cancelling it "
                 "(0: no limit; default 60000)");
  return [a](Session& session) { return run_ioctl(session, *a); };
}

}  // namespace readerkit::cli
