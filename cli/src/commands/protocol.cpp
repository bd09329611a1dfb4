// SPDX-License-Identifier: MIT
// `protocol T0|T1|T0,T1|RAW [--default]`: IOCTL_SMARTCARD_SET_PROTOCOL with the mask as ULONG.
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "readerkit/card.hpp"
#include "readerkit/ioctl.hpp"
#include "request.hpp"

namespace readerkit::cli {

Action define_protocol(CLI::App& sub) {
  auto text = std::make_shared<std::string>();
  auto use_default = std::make_shared<bool>(false);
  auto options = std::make_shared<RequestOptions>();
  sub.add_option("protocols", *text, "T0 | T1 | T0,T1 | RAW")->required();
  sub.add_flag("--default", *use_default, "ask for default parameters (no PPS)");
  add_out_size_option(sub, options->out_size);
  return [=](Session& session) {
    auto mask = protocol_mask_from_name(*text);
    if (!mask) return report_usage(session, "protocol", "unknown protocol '" + *text + "'");
    if (*use_default) *mask |= SCARD_PROTOCOL_DEFAULT;
    return issue_request(session, "protocol", *text, IOCTL_SMARTCARD_SET_PROTOCOL,
                         le32_bytes(*mask), *options);
  };
}

}  // namespace readerkit::cli
