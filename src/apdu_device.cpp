// SPDX-License-Identifier: MIT
// transmit_apdu(): the APDU-level helper on a Device, one IOCTL_SMARTCARD_TRANSMIT per TPDU.
#include <algorithm>

#include "readerkit/apdu.hpp"
#include "readerkit/capabilities.hpp"
#include "readerkit/card.hpp"
#include "readerkit/device.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

/// One TRANSMIT with `protocol` in the SCARD_IO_REQUEST header; the response without it.
Result<Bytes> transmit_once(Device& device, std::uint32_t protocol,
                            std::span<const std::byte> command) {
  const Bytes in = transmit_request(protocol, command);
  Bytes out(SCARD_IO_REQUEST_SIZE + APDU_MAX_RESPONSE);
  const IoResult r = device.control(IOCTL_SMARTCARD_TRANSMIT, in, out);
  if (r.status != Status::SUCCESS) return r.status;
  if (r.information < SCARD_IO_REQUEST_SIZE + 2) return Status::DEVICE_PROTOCOL_ERROR;
  return Bytes(out.begin() + SCARD_IO_REQUEST_SIZE,
               out.begin() + static_cast<std::ptrdiff_t>(r.information));
}

}  // namespace

Result<Bytes> transmit_apdu(Device& device, std::span<const std::byte> apdu) {
  const CardCapabilities card = device.card();
  const std::uint32_t protocol = card.protocol_selected;
  if (protocol == SCARD_PROTOCOL_UNDEFINED) return Status::INVALID_DEVICE_STATE;
  const TpduExchange exchange = [&](std::span<const std::byte> tpdu) {
    return transmit_once(device, protocol, tpdu);
  };
  if (protocol == SCARD_PROTOCOL_T0)
    return t0_apdu_exchange(apdu, exchange, (card.protocol_types & SCARD_PROTOCOL_T1) != 0);
  return exchange(apdu);  // T=1 carries APDUs as they are; RAW is the caller's business
}

}  // namespace readerkit
