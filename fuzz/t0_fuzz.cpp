// SPDX-License-Identifier: MIT
// Fuzz target: the T=0 procedure-byte engine. Byte 0 picks the TPDU (case 1, 2 or 3 and its
// length); the rest is the card's byte stream. Running out of bytes is silence.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "readerkit/t0.hpp"

using namespace readerkit;

namespace {

class FuzzLine : public ByteTransport {
 public:
  explicit FuzzLine(std::span<const std::byte> card) : card_(card) {}
  Status send(std::span<const std::byte> bytes) override {
    sent_ += bytes.size();
    return sent_ <= 5 + 255 ? Status::SUCCESS : Status::INVALID_PARAMETER;
  }
  Status receive(std::span<std::byte> out, std::uint32_t) override {
    if (card_.size() < out.size()) return Status::IO_TIMEOUT;
    std::copy_n(card_.begin(), out.size(), out.begin());
    card_ = card_.subspan(out.size());
    return Status::SUCCESS;
  }

 private:
  std::span<const std::byte> card_;
  std::size_t sent_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t p3 = static_cast<std::uint8_t>(data[0] & 0x3F);
  Bytes command = {std::byte{0x00}, std::byte{0xB0}, std::byte{0x00}, std::byte{0x00},
                   static_cast<std::byte>(p3)};
  if ((data[0] & 0x80) && p3 != 0) command.resize(5 + p3, std::byte{0x11});  // case 3
  auto tpdu = parse_tpdu(command);
  if (!tpdu) std::abort();
  FuzzLine line({reinterpret_cast<const std::byte*>(data) + 1, size - 1});
  auto r = t0_exchange(*tpdu, line, 1000);
  if (r) {
    if (r->size() < 2 || !is_sw1((*r)[r->size() - 2])) std::abort();
    if (r->size() > 2 + tpdu->expected) std::abort();
  } else if (r.status() != Status::IO_TIMEOUT && r.status() != Status::DEVICE_PROTOCOL_ERROR) {
    std::abort();
  }
  return 0;
}
