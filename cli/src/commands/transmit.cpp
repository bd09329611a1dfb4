// `transmit HEX [--apdu]`: one command through IOCTL_SMARTCARD_TRANSMIT. The input is the
// SCARD_IO_REQUEST header {protocol, 8} with the selected protocol, then the bytes as given
// (over T=0 a TPDU: a 61xx answer comes back as is).
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "readerkit/ioctl.hpp"
#include "request.hpp"
#include "session.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

constexpr std::uint32_t kIoRequestLength = 8;  // SCARD_IO_REQUEST {ULONG protocol, pci_length}

struct TransmitArgs {
  std::vector<std::string> hex;
  bool apdu = false;
  std::string protocol;  // header protocol override, for testing mismatches
  RequestOptions options;
};

Outcome run_transmit(Session& session, const TransmitArgs& a) {
  auto command = parse_hex_words(a.hex);
  if (!command) return report_usage(session, "transmit", "not hex: " + join_words(a.hex));
  if (a.apdu)
    return report_error(session, "transmit",
                        "--apdu needs the library's APDU helper (readerkit/apdu.hpp), "
                        "which this build does not have");
  std::string error;
  Device* device = session.device(error);
  if (device == nullptr) return report_error(session, "transmit", error);
  std::uint32_t protocol = device->card().protocol_selected;
  if (!a.protocol.empty()) {
    auto mask = protocol_mask_from_name(a.protocol);
    if (!mask) return report_usage(session, "transmit", "unknown protocol '" + a.protocol + "'");
    protocol = *mask;
  }
  Bytes input = le32_bytes(protocol);
  Bytes length = le32_bytes(kIoRequestLength);
  input.insert(input.end(), length.begin(), length.end());
  input.insert(input.end(), command->begin(), command->end());
  return issue_request(session, "transmit", join_words(a.hex), IOCTL_SMARTCARD_TRANSMIT,
                       std::move(input), a.options);
}

}  // namespace

Action define_transmit(CLI::App& sub) {
  auto a = std::make_shared<TransmitArgs>();
  sub.add_option("command", a->hex, "command bytes in hex (spaces allowed)")->required();
  sub.add_flag("--apdu", a->apdu, "map APDU cases 1-4, fetch 61xx, resend on 6Cxx");
  sub.add_option("--protocol", a->protocol,
                 "protocol in the SCARD_IO_REQUEST header (default: the selected one)");
  add_out_size_option(sub, a->options.out_size);
  return [a](Session& session) { return run_transmit(session, *a); };
}

}  // namespace readerkit::cli
