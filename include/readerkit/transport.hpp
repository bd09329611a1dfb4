// SPDX-License-Identifier: MIT
// The seam between the protocol engines and a reader (docs/contract/style.md "Protocol engines"
// machines with a seam"): a reader that moves characters implements ByteTransport, one that
// moves whole T=1 blocks (CCID TPDU level, vpcd) implements BlockTransport. Tests implement
// both with scripted exchanges.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "readerkit/atr.hpp"
#include "readerkit/result.hpp"
#include "readerkit/status.hpp"

namespace readerkit {

/// Character-level link to the card, in logical byte values (see InverseByteTransport).
class ByteTransport {
 public:
  virtual ~ByteTransport() = default;
  /// Sends bytes to the card.
  virtual Status send(std::span<const std::byte> bytes) = 0;
  /// Receives exactly out.size() bytes; the first within timeout_us, each next one within
  /// timeout_us of the previous. IO_TIMEOUT when the card stays silent that long (then the
  /// bytes already received are lost); NO_MEDIA when the card is gone.
  virtual Status receive(std::span<std::byte> out, std::uint32_t timeout_us) = 0;
  /// Receives out.size() bytes, the first within first_timeout_us and each next one within
  /// next_timeout_us of the previous (T=1: BWT, then CWT; ISO/IEC 7816-3 §11.4.3). Returns
  /// out.size(), or 1 when a byte after the first did not come (the run is cut short);
  /// IO_TIMEOUT when the first byte did not come, NO_MEDIA when the card is gone. The default
  /// asks receive() for the first byte, then for the rest; a link that can wait for both in
  /// one call overrides it.
  virtual Result<std::size_t> receive_run(std::span<std::byte> out, std::uint32_t first_timeout_us,
                                          std::uint32_t next_timeout_us);
};

/// Block-level link for T=1: whole blocks (NAD PCB LEN INF EDC) in both directions.
class BlockTransport {
 public:
  virtual ~BlockTransport() = default;
  /// Sends one block.
  virtual Status send_block(std::span<const std::byte> block) = 0;
  /// Receives one block into out (at least 259 bytes): its first byte within bwt_us, the
  /// next ones within cwt_us of each other. Returns the number of bytes received; a block cut
  /// short by a character timeout is returned as it is (the engine rejects it). IO_TIMEOUT
  /// when nothing came within bwt_us.
  virtual Result<std::size_t> receive_block(std::span<std::byte> out, std::uint32_t bwt_us,
                                            std::uint32_t cwt_us) = 0;
};

/// BlockTransport over a ByteTransport: reads NAD PCB LEN, then LEN + EDC bytes.
class BlockOverByteTransport : public BlockTransport {
 public:
  BlockOverByteTransport(ByteTransport& bytes, Edc edc) : bytes_(bytes), edc_(edc) {}
  Status send_block(std::span<const std::byte> block) override;
  Result<std::size_t> receive_block(std::span<std::byte> out, std::uint32_t bwt_us,
                                    std::uint32_t cwt_us) override;

 private:
  ByteTransport& bytes_;
  Edc edc_;
};

/// Decorator for an inverse-convention card on a reader that does not convert in hardware:
/// bytes are converted (invert_bytes) on their way out and in, so the engines above see
/// logical values.
class InverseByteTransport : public ByteTransport {
 public:
  explicit InverseByteTransport(ByteTransport& line) : line_(line) {}
  Status send(std::span<const std::byte> bytes) override;
  Status receive(std::span<std::byte> out, std::uint32_t timeout_us) override;
  Result<std::size_t> receive_run(std::span<std::byte> out, std::uint32_t first_timeout_us,
                                  std::uint32_t next_timeout_us) override;

 private:
  ByteTransport& line_;
};

}  // namespace readerkit
