// SPDX-License-Identifier: MIT
#include "card/envelope.hpp"

namespace readerkit::sim::card {
namespace {

/// CLA INS P1 P2 00 Lc1 Lc2 <65535 bytes> Le1 Le2.
constexpr std::size_t kLongestApdu = 4 + 3 + 65535 + 2;

}  // namespace

std::optional<CommandApdu> EnvelopeCollector::add(std::span<const std::byte> piece,
                                                  bool& overflow) {
  overflow = false;
  pieces_.insert(pieces_.end(), piece.begin(), piece.end());
  if (pieces_.size() > kLongestApdu) {
    overflow = true;
    pieces_.clear();
    return std::nullopt;
  }
  auto command = parse_command_apdu(pieces_);
  if (command) {  // its data views the buffer, which moves to complete_ and stays until the next
    complete_.swap(pieces_);
    pieces_.clear();
  }
  return command;
}

}  // namespace readerkit::sim::card
