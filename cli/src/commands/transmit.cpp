// SPDX-License-Identifier: MIT
// `transmit HEX [--apdu]`: one command through IOCTL_SMARTCARD_TRANSMIT. The input is the
// SCARD_IO_REQUEST header {protocol, 8} with the selected protocol, then the bytes as given
// (over T=0 a TPDU: a 61xx answer comes back as is). With --apdu the library's APDU helper
// (readerkit/apdu.hpp) maps cases 1-4, fetches 61xx and resends on 6Cxx; the line then shows
// the assembled answer behind the same SCARD_IO_REQUEST header (docs/cli.md).
// A one-shot `readerkit transmit` (outside `run`) first powers the card and negotiates the
// protocol when the card is not ready yet, printing those requests as lines of their own
// marked automatic; `--no-auto` sends the transmit as it is.
#include <memory>
#include <optional>
#include <span>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "readerkit/apdu.hpp"
#include "readerkit/card.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"
#include "request.hpp"
#include "session.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

struct TransmitArgs {
  std::vector<std::string> hex;
  bool apdu = false;
  std::string protocol;  // header protocol override, for testing mismatches
  bool no_auto = false;  // one-shot: do not power or negotiate first
  RequestOptions options;
};

// --apdu: one APDU through transmit_apdu(), which may issue several TRANSMIT IOCTLs.
Outcome run_apdu(Session& session, Device& device, const TransmitArgs& a, const Bytes& apdu) {
  const std::uint32_t protocol = device.card().protocol_selected;
  RequestRecord record;
  record.cmd = "transmit";
  record.args = join_words(a.hex) + " --apdu";
  record.code = IOCTL_SMARTCARD_TRANSMIT;
  record.input = transmit_request(protocol, apdu);
  Result<Bytes> response = transmit_apdu(device, apdu);
  record.status = response.status();
  if (response.ok()) {
    record.output = transmit_request(protocol, *response);  // the reply has the same header
    record.information = record.output.size();
  }
  session.printer().request(record);
  return response.ok() ? Outcome::success : Outcome::failure;
}

Outcome run_transmit(Session& session, const TransmitArgs& a) {
  auto command = parse_hex_words(a.hex);
  if (!command) return report_usage(session, "transmit", "not hex: " + join_words(a.hex));
  std::optional<std::uint32_t> forced;
  if (!a.protocol.empty()) {
    forced = protocol_mask_from_name(a.protocol);
    if (!forced) return report_usage(session, "transmit", "unknown protocol '" + a.protocol + "'");
    if (a.apdu) return report_usage(session, "transmit", "--apdu uses the selected protocol");
  }
  std::string error;
  Device* device = session.device(error);
  if (device == nullptr) return report_error(session, "transmit", error);
  if (session.one_shot() && !a.no_auto) {
    if (Outcome o = prepare_card(session, *device); o != Outcome::success) return o;
  }
  if (a.apdu) return run_apdu(session, *device, a, *command);
  const std::uint32_t protocol = forced ? *forced : device->card().protocol_selected;
  return issue_request(session, "transmit", join_words(a.hex), IOCTL_SMARTCARD_TRANSMIT,
                       transmit_request(protocol, *command), a.options);
}

}  // namespace

Action define_transmit(CLI::App& sub) {
  auto a = std::make_shared<TransmitArgs>();
  sub.add_option("command", a->hex, "command bytes in hex (spaces allowed)")->required();
  sub.add_flag("--apdu", a->apdu, "map APDU cases 1-4, fetch 61xx, resend on 6Cxx");
  sub.add_option("--protocol", a->protocol,
                 "protocol in the SCARD_IO_REQUEST header (default: the selected one)");
  sub.add_flag("--no-auto", a->no_auto,
               "one-shot: do not power the card or select a protocol first");
  add_out_size_option(sub, a->options.out_size);
  return [a](Session& session) { return run_transmit(session, *a); };
}

}  // namespace readerkit::cli
