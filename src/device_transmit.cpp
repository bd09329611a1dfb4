// SPDX-License-Identifier: MIT
// IOCTL_SMARTCARD_TRANSMIT (docs/contract/ioctl.md §4): SCARD_IO_REQUEST checks, RDF_TRANSMIT, the
// reply header and the performance counters.
#include <chrono>

#include "detail/device_core.hpp"
#include "readerkit/io_request.hpp"

namespace readerkit::detail {
namespace {

/// sizeof(SCARD_IO_REQUEST): ULONG dwProtocol, ULONG cbPciLength.

void count(DeviceCore& d, std::size_t sent, std::size_t received,
           std::chrono::steady_clock::duration elapsed) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  d.perf.add(static_cast<std::uint32_t>(sent), static_cast<std::uint32_t>(received),
             static_cast<std::uint32_t>(us));
}

/// Checks the callback's answer and writes the reply header: protocol in use, pci_length 8.
IoResult finish(const CardCapabilities& card, Request& r, std::size_t bytes) {
  // The callback reports header + response; fewer than 8 bytes is a driver fault.
  if (bytes > r.output.size()) return fail(Status::BUFFER_TOO_SMALL);
  if (bytes < SCARD_IO_REQUEST_SIZE) return fail(Status::DEVICE_PROTOCOL_ERROR);
  store_le32(r.output, card.protocol_selected);
  store_le32(r.output.subspan(4), static_cast<std::uint32_t>(SCARD_IO_REQUEST_SIZE));
  return {Status::SUCCESS, bytes};
}

}  // namespace

IoResult handle_transmit(DeviceCore& d, Request& r) {
  if (r.input.size() < SCARD_IO_REQUEST_SIZE) return fail(Status::INVALID_PARAMETER);
  const std::uint32_t protocol = load_le32(r.input);
  const std::uint32_t pci_length = load_le32(r.input.subspan(4));
  if (pci_length < SCARD_IO_REQUEST_SIZE || pci_length > r.input.size()) return fail(Status::INVALID_PARAMETER);
  if (r.output.size() < SCARD_IO_REQUEST_SIZE) return fail(Status::BUFFER_TOO_SMALL);
  CallbackScope scope(d, r);
  if (auto busy = scope.busy()) return fail(*busy);
  if (auto no_card = scope.require_card()) return fail(*no_card);
  if (scope.state() != CardState::SCARD_SPECIFIC) return fail(Status::INVALID_DEVICE_STATE);
  if (protocol != d.cb_card.protocol_selected) return fail(Status::INVALID_DEVICE_STATE);
  if (!d.callbacks.has(Rdf::RDF_TRANSMIT)) return fail(Status::NOT_SUPPORTED);

  const std::size_t sent = r.input.size() - pci_length;
  const TracePoint trace{r.trace};
  if (trace) trace(TraceEvent::apdu_command, TraceDirection::to_card, r.input.subspan(pci_length));
  std::size_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  const Status s = scope.call(Rdf::RDF_TRANSMIT, protocol, r.input, r.output, bytes);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // The card went away while the callback ran: whatever the driver said, it is NO_MEDIA.
  if (!scope.commit()) {
    count(d, sent, 0, elapsed);
    return fail(Status::NO_MEDIA);
  }
  IoResult result = s == Status::SUCCESS ? finish(d.cb_card, r, bytes) : fail(s);
  if (trace && result.status == Status::SUCCESS) {
    trace(TraceEvent::apdu_response, TraceDirection::from_card,
          std::span<const std::byte>(r.output).subspan(SCARD_IO_REQUEST_SIZE, result.information - SCARD_IO_REQUEST_SIZE));
  }
  count(d, sent, result.information > SCARD_IO_REQUEST_SIZE ? result.information - SCARD_IO_REQUEST_SIZE : 0, elapsed);
  return result;
}

}  // namespace readerkit::detail
