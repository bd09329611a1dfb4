// SPDX-License-Identifier: MIT
// RDF_SET_PROTOCOL of the simulated reader: PPS over the line (ISO/IEC 7816-3 §9), with the
// fallback of docs/protocol.md: on failure power-cycle and use the default parameters.
#include <array>
#include <string>

#include "atr_reader.hpp"
#include "readerkit/pps.hpp"
#include "sim_driver.hpp"

namespace readerkit::sim {
namespace {

std::uint8_t protocol_number(std::uint32_t mask) {
  return mask & SCARD_PROTOCOL_T1 ? 1 : 0;
}

/// The protocol the card runs after reset without PPS: the first one its ATR offers.
std::uint8_t first_offered(const CardCapabilities& card) {
  if (card.atr_info && !card.atr_info->protocols.empty()) return card.atr_info->protocols[0];
  return 0;
}

}  // namespace

Result<std::uint8_t> SimDriver::run_pps(const PpsRequest& request, const CardCapabilities& card,
                                        TracePoint trace) {
  line_.discard_input();
  InverseByteTransport inverse(line_);
  ByteTransport& io = card.inverse_convention ? static_cast<ByteTransport&>(inverse) : line_;
  return exchange_pps(io, request, card.wt_us, trace);
}

// PPS when the library prepared one, or when the protocol asked is not the card's first (a
// PPS without PPS1, §9.1). A refused PPS: reset, default Fi/Di, and one protocol-only PPS if
// the protocol still needs one.
Status SimDriver::set_protocol(CallbackParams& params) {
  TraceFlush flush{line_};
  CardCapabilities& card = *params.card;
  const std::uint32_t protocol = params.minor_code & ~SCARD_PROTOCOL_DEFAULT;
  if (protocol == SCARD_PROTOCOL_RAW) return Status::SUCCESS;
  const std::uint8_t t = protocol_number(protocol);
  const bool change = t != first_offered(card);
  PpsRequest request = card.pps;
  if (request.empty() && change) request = make_pps_request(t, std::nullopt);
  if (request.empty()) return Status::SUCCESS;
  auto accepted = run_pps(request, card, params.trace_point());
  if (accepted) {
    log_(LogLevel::DRIVER, "sim: PPS " + to_hex({request.bytes.data(), request.length}) +
                               " accepted, TA1 " + to_hex(std::array{std::byte{*accepted}}));
    apply_pps(card, *params.reader, *accepted);
    return Status::SUCCESS;
  }
  if (accepted.status() == Status::NO_MEDIA) return Status::NO_MEDIA;
  log_(LogLevel::DRIVER, "sim: PPS failed (" + std::string(status_name(accepted.status())) +
                             "): reset, default Fi/Di");
  if (Status s = reset_card(card); s != Status::SUCCESS) return s;
  card.use_default_parameters();
  update_card_timing(card, *params.reader);
  if (!change) return Status::SUCCESS;
  auto retry = run_pps(make_pps_request(t, std::nullopt), card, params.trace_point());
  if (retry) return Status::SUCCESS;
  if (retry.status() == Status::NO_MEDIA) return Status::NO_MEDIA;
  (void)reset_card(card);  // leave the card in its default protocol, ready for another try
  return Status::NOT_SUPPORTED;
}

}  // namespace readerkit::sim
