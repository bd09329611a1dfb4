// SPDX-License-Identifier: MIT
// T=1 blocks over XfrBlock (CCID §6.1.4 at TPDU level).
#include "xfr_block_transport.hpp"

#include <algorithm>

namespace readerkit::ccid::detail {

Status XfrBlockTransport::send_block(std::span<const std::byte> block) {
  answer_ = io_.xfr_block(block);
  // A mute card is the engine's business (it retries or resynchronises); a reader or USB
  // failure (no card, device gone) ends the exchange here.
  if (!answer_ && answer_.status() != Status::IO_TIMEOUT &&
      answer_.status() != Status::DEVICE_PROTOCOL_ERROR) {
    return answer_.status();
  }
  return Status::SUCCESS;
}

Result<std::size_t> XfrBlockTransport::receive_block(std::span<std::byte> out, std::uint32_t,
                                                     std::uint32_t) {
  if (!answer_) {
    // Parity errors and garbled blocks surface as an empty block the engine rejects.
    if (answer_.status() == Status::DEVICE_PROTOCOL_ERROR) return std::size_t{0};
    return answer_.status();
  }
  const std::size_t n = std::min(answer_->size(), out.size());
  std::copy_n(answer_->begin(), n, out.begin());
  return n;
}

}  // namespace readerkit::ccid::detail
