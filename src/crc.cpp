// Error detection codes of T=1 (ISO/IEC 7816-3 §11.4.4): LRC and CRC-16 (ISO/IEC 13239).
#include <array>
#include <cstring>

#include "readerkit/t1_frame.hpp"

namespace readerkit::t1 {
namespace {

constexpr std::array<std::uint16_t, 256> make_crc_table() {
  std::array<std::uint16_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t v = i;
    for (int bit = 0; bit < 8; ++bit) v = (v & 1) ? (v >> 1) ^ 0x8408u : v >> 1;
    t[i] = static_cast<std::uint16_t>(v);
  }
  return t;
}
constexpr auto kCrcTable = make_crc_table();

}  // namespace

std::uint8_t lrc(std::span<const std::byte> bytes) {
  // Eight bytes per step: the LRC runs over every payload byte twice per exchange (build and
  // check), so it dominates the engine's per-byte cost (docs/performance.md).
  std::uint64_t wide = 0;
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    wide ^= word;
  }
  wide ^= wide >> 32;
  wide ^= wide >> 16;
  wide ^= wide >> 8;
  auto x = static_cast<std::uint8_t>(wide);
  for (; i < bytes.size(); ++i) x ^= static_cast<std::uint8_t>(bytes[i]);
  return x;
}

std::uint16_t crc16(std::span<const std::byte> bytes) {
  std::uint16_t v = 0xFFFF;
  for (std::byte b : bytes)
    v = static_cast<std::uint16_t>((v >> 8) ^ kCrcTable[(v ^ static_cast<std::uint8_t>(b)) & 0xFF]);
  return v;
}

}  // namespace readerkit::t1
