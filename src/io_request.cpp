// SPDX-License-Identifier: MIT
// SCARD_IO_REQUEST handling shared by the T=0, T=1 and raw helpers (docs/contract/ioctl.md §4).
#include "readerkit/io_request.hpp"

#include <algorithm>
#include <cstring>

#include "readerkit/card.hpp"

namespace readerkit {

Bytes transmit_request(std::uint32_t protocol, std::span<const std::byte> command) {
  Bytes in(SCARD_IO_REQUEST_SIZE + command.size());
  store_le32(std::span(in).subspan(0, 4), protocol);
  store_le32(std::span(in).subspan(4, 4), SCARD_IO_REQUEST_SIZE);
  std::copy(command.begin(), command.end(), in.begin() + SCARD_IO_REQUEST_SIZE);
  return in;
}

std::span<const std::byte> transmit_command(const CallbackParams& params) {
  if (params.request.size() < SCARD_IO_REQUEST_SIZE) return {};
  const std::size_t pci = load_le32(params.request.subspan(4, 4));
  const std::size_t start = std::clamp(pci, SCARD_IO_REQUEST_SIZE, params.request.size());
  return params.request.subspan(start);
}

Status complete_transmit(CallbackParams& params, std::uint32_t protocol,
                         std::span<const std::byte> response) {
  if (params.bytes_returned) *params.bytes_returned = 0;
  const std::size_t total = SCARD_IO_REQUEST_SIZE + response.size();
  if (params.reply.size() < total) return Status::BUFFER_TOO_SMALL;
  // memmove: the caller's input and output buffers may be the same memory. A response
  // already in place (assembled there by the T=1 engine) is not copied.
  if (!response.empty() && response.data() != params.reply.data() + SCARD_IO_REQUEST_SIZE)
    std::memmove(params.reply.data() + SCARD_IO_REQUEST_SIZE, response.data(), response.size());
  store_le32(params.reply.subspan(0, 4), protocol);
  store_le32(params.reply.subspan(4, 4), SCARD_IO_REQUEST_SIZE);
  if (params.bytes_returned) *params.bytes_returned = total;
  return Status::SUCCESS;
}

Status append_to_smartcard_request(CallbackParams& params, std::span<const std::byte> bytes) {
  IoBuffer* out = params.smartcard_request;
  if (out == nullptr) return Status::INVALID_PARAMETER;
  if (out->length > out->buffer.size() || bytes.size() > out->buffer.size() - out->length)
    return Status::BUFFER_TOO_SMALL;
  if (!bytes.empty()) std::memcpy(out->buffer.data() + out->length, bytes.data(), bytes.size());
  out->length += bytes.size();
  return Status::SUCCESS;
}

Status raw_request(CallbackParams& params) {
  return append_to_smartcard_request(params, transmit_command(params));
}

Status raw_reply(CallbackParams& params) {
  if (params.smartcard_reply == nullptr) return Status::INVALID_PARAMETER;
  return complete_transmit(params, SCARD_PROTOCOL_RAW, params.smartcard_reply->data());
}

}  // namespace readerkit
