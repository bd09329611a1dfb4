// SPDX-License-Identifier: MIT
// IOCTLs of a CCID slot (slot_calls.hpp).
#include "slot_calls.hpp"

#include "readerkit/apdu.hpp"
#include "readerkit/capabilities.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::ccid_device {
Result<Bytes> power(Device& device, PowerAction action) {
  const Bytes in = le32_bytes(static_cast<std::uint32_t>(action));
  Bytes atr(64);
  const IoResult r = device.control(IOCTL_SMARTCARD_POWER, in, atr);
  if (r.status != Status::SUCCESS) return r.status;
  atr.resize(r.information);
  return atr;
}

Result<std::uint32_t> set_protocol(Device& device, std::uint32_t protocol) {
  const Bytes in = le32_bytes(protocol);
  Bytes out(4);
  const IoResult r = device.control(IOCTL_SMARTCARD_SET_PROTOCOL, in, out);
  if (r.status != Status::SUCCESS) return r.status;
  if (r.information < 4) return Status::DEVICE_PROTOCOL_ERROR;
  return load_le32(out);
}

Result<Bytes> transmit(Device& device, std::uint32_t protocol, std::span<const std::byte> command) {
  const Bytes in = transmit_request(protocol, command);
  Bytes out(SCARD_IO_REQUEST_SIZE + APDU_MAX_RESPONSE);
  const IoResult r = device.control(IOCTL_SMARTCARD_TRANSMIT, in, out);
  if (r.status != Status::SUCCESS) return r.status;
  if (r.information < SCARD_IO_REQUEST_SIZE) return Status::DEVICE_PROTOCOL_ERROR;
  return Bytes(out.begin() + SCARD_IO_REQUEST_SIZE,
               out.begin() + static_cast<std::ptrdiff_t>(r.information));
}

std::uint32_t choose_protocol(const CardCapabilities& card, std::uint32_t wanted) {
  if ((card.protocol_types & wanted) != 0) return wanted;
  if (card.atr_info && !card.atr_info->protocols.empty()) {
    const auto first = card.atr_info->protocols.front();
    if (first == 1 && (card.protocol_types & SCARD_PROTOCOL_T1) != 0) return SCARD_PROTOCOL_T1;
  }
  if ((card.protocol_types & SCARD_PROTOCOL_T0) != 0) return SCARD_PROTOCOL_T0;
  return SCARD_PROTOCOL_T1;
}

}  // namespace readerkit::ccid_device
