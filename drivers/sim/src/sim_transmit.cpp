// SPDX-License-Identifier: MIT
// RDF_TRANSMIT of the simulated reader: the library's T=0 character engine or T=1 block
// engine over the line (inverse convention converted at the line's edge), raw bytes for RAW.
#include "readerkit/apdu.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/t0.hpp"
#include "readerkit/t1.hpp"
#include "sim_driver.hpp"

namespace readerkit::sim {

Status SimDriver::transmit_raw(CallbackParams& params, ByteTransport& transport) {
  if (Status s = transport.send(transmit_command(params)); s != Status::SUCCESS) return s;
  Bytes response;
  std::byte b{};
  Status s = Status::SUCCESS;
  while (response.size() < APDU_MAX_RESPONSE &&
         (s = transport.receive({&b, 1}, params.card->wt_us)) == Status::SUCCESS) {
    response.push_back(b);
  }
  if (s != Status::IO_TIMEOUT) return s;
  if (response.empty()) return Status::IO_TIMEOUT;
  return complete_transmit(params, SCARD_PROTOCOL_RAW, response);
}

Status SimDriver::transmit(CallbackParams& params) {
  TraceFlush flush{line_};
  SecretTrace secret{line_, params.secret};
  line_.discard_input();
  if (faults_.take_remove_during_transmit()) line_.after_next_send(remove_card_);
  const CardCapabilities& card = *params.card;
  InverseByteTransport inverse(line_);
  ByteTransport& bytes = card.inverse_convention ? static_cast<ByteTransport&>(inverse) : line_;
  switch (card.protocol_selected) {
    case SCARD_PROTOCOL_T0:
      return t0_transmit(params, bytes);
    case SCARD_PROTOCOL_T1: {
      BlockOverByteTransport blocks(bytes, card.edc);
      return t1_transmit(params, blocks);
    }
    case SCARD_PROTOCOL_RAW:
      return transmit_raw(params, bytes);
    default:
      return Status::INVALID_DEVICE_STATE;
  }
}

}  // namespace readerkit::sim
