// SPDX-License-Identifier: MIT
// Transport adapters: T=1 blocks over a character link, and inverse-convention conversion.
#include "readerkit/transport.hpp"

#include "readerkit/inverse.hpp"
#include "readerkit/t1_frame.hpp"

namespace readerkit {

Status BlockOverByteTransport::send_block(std::span<const std::byte> block) {
  return bytes_.send(block);
}

Result<std::size_t> BlockOverByteTransport::receive_block(std::span<std::byte> out,
                                                          std::uint32_t bwt_us,
                                                          std::uint32_t cwt_us) {
  if (out.size() < t1::MAX_BLOCK) return Status::BUFFER_TOO_SMALL;
  // The first character within BWT (§11.4.3), the rest within CWT of each other.
  if (Status s = bytes_.receive(out.first(1), bwt_us); s != Status::SUCCESS) return s;
  Status s = bytes_.receive(out.subspan(1, 2), cwt_us);
  if (s == Status::IO_TIMEOUT) return std::size_t{1};  // cut short: the engine rejects it
  if (s != Status::SUCCESS) return s;
  const std::size_t len = static_cast<std::uint8_t>(out[t1::LEN]);
  if (len > t1::MAX_INF) return t1::PROLOGUE_SIZE;  // invalid LEN: do not read further
  const std::size_t rest = len + t1::edc_size(edc_);
  s = bytes_.receive(out.subspan(t1::PROLOGUE_SIZE, rest), cwt_us);
  if (s == Status::IO_TIMEOUT) return t1::PROLOGUE_SIZE;
  if (s != Status::SUCCESS) return s;
  return t1::PROLOGUE_SIZE + rest;
}

Status InverseByteTransport::send(std::span<const std::byte> bytes) {
  return line_.send(inverted_copy(bytes));
}

Status InverseByteTransport::receive(std::span<std::byte> out, std::uint32_t timeout_us) {
  Status s = line_.receive(out, timeout_us);
  if (s == Status::SUCCESS) invert_bytes(out);
  return s;
}

}  // namespace readerkit
