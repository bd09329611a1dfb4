// SPDX-License-Identifier: MIT
// Transport adapters: T=1 blocks over a character link, and inverse-convention conversion.
#include "readerkit/transport.hpp"

#include "readerkit/inverse.hpp"
#include "readerkit/t1_frame.hpp"

namespace readerkit {

Result<std::size_t> ByteTransport::receive_run(std::span<std::byte> out,
                                               std::uint32_t first_timeout_us,
                                               std::uint32_t next_timeout_us) {
  if (out.empty()) return std::size_t{0};
  if (Status s = receive(out.first(1), first_timeout_us); s != Status::SUCCESS) return s;
  if (out.size() == 1) return std::size_t{1};
  const Status s = receive(out.subspan(1), next_timeout_us);
  if (s == Status::IO_TIMEOUT) return std::size_t{1};  // cut short after the first byte
  if (s != Status::SUCCESS) return s;
  return out.size();
}

Status BlockOverByteTransport::send_block(std::span<const std::byte> block) {
  return bytes_.send(block);
}

Result<std::size_t> BlockOverByteTransport::receive_block(std::span<std::byte> out,
                                                          std::uint32_t bwt_us,
                                                          std::uint32_t cwt_us) {
  if (out.size() < t1::MAX_BLOCK) return Status::BUFFER_TOO_SMALL;
  // The first character within BWT (§11.4.3), the rest within CWT of each other.
  const auto prologue = bytes_.receive_run(out.first(t1::PROLOGUE_SIZE), bwt_us, cwt_us);
  if (!prologue) return prologue.status();
  if (*prologue < t1::PROLOGUE_SIZE) return std::size_t{1};  // cut short: the engine rejects it
  const std::size_t len = static_cast<std::uint8_t>(out[t1::LEN]);
  if (len > t1::MAX_INF) return t1::PROLOGUE_SIZE;  // invalid LEN: do not read further
  const std::size_t rest = len + t1::edc_size(edc_);
  const Status s = bytes_.receive(out.subspan(t1::PROLOGUE_SIZE, rest), cwt_us);
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

Result<std::size_t> InverseByteTransport::receive_run(std::span<std::byte> out,
                                                      std::uint32_t first_timeout_us,
                                                      std::uint32_t next_timeout_us) {
  auto got = line_.receive_run(out, first_timeout_us, next_timeout_us);
  if (got) invert_bytes(out.first(*got));
  return got;
}

}  // namespace readerkit
