// SPDX-License-Identifier: MIT
// A PPS exchange over a character link (ISO/IEC 7816-3 §9.2): the answer's length follows
// from its PPS0.
#include <array>

#include "readerkit/pps.hpp"

namespace readerkit {

Result<std::uint8_t> exchange_pps(ByteTransport& transport, const PpsRequest& request,
                                  std::uint32_t timeout_us, TracePoint trace) {
  if (request.empty()) return Status::INVALID_PARAMETER;
  if (Status s = transport.send(std::span(request.bytes).first(request.length));
      s != Status::SUCCESS)
    return s;
  std::array<std::byte, 6> answer{};
  if (Status s = transport.receive(std::span(answer).first(2), timeout_us); s != Status::SUCCESS)
    return s;
  if (answer[0] != PPSS) return Status::DEVICE_PROTOCOL_ERROR;
  const std::size_t length = pps_message_length(answer[1]);
  if (Status s = transport.receive(std::span(answer).subspan(2, length - 2), timeout_us);
      s != Status::SUCCESS)
    return s;
  return check_pps_response(request, std::span(answer).first(length), trace);
}

}  // namespace readerkit
