// SPDX-License-Identifier: MIT
// The library's T=1 BlockTransport over CCID XfrBlock at TPDU level: a block goes out in one
// XfrBlock and the card's block comes back in its DataBlock (CCID §6.1.4, TPDU level).
#pragma once

#include "readerkit/ccid/slot_io.hpp"
#include "readerkit/transport.hpp"

namespace readerkit::ccid::detail {

class XfrBlockTransport : public BlockTransport {
 public:
  explicit XfrBlockTransport(SlotIo& io) : io_(io) {}

  /// Exchanges the block with the reader and keeps the card's answer for receive_block().
  Status send_block(std::span<const std::byte> block) override;
  /// The answer to the last block; IO_TIMEOUT when the card was mute (bError ICC_MUTE).
  Result<std::size_t> receive_block(std::span<std::byte> out, std::uint32_t bwt_us,
                                    std::uint32_t cwt_us) override;

 private:
  SlotIo& io_;
  Result<Bytes> answer_ = Status::IO_TIMEOUT;
};

}  // namespace readerkit::ccid::detail
