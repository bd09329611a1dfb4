// SPDX-License-Identifier: MIT
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

namespace {

#if defined(__GNUC__)
/// 16 bytes XORed as one value: GCC and Clang lower this to one SSE2/NEON register.
using Lane = std::uint64_t __attribute__((vector_size(16)));
#else
using Lane = std::uint64_t;
#endif

/// XOR of all bytes, one Lane at a time for the bulk, bytewise for the tail.
std::uint8_t xor_fold(const std::byte* p, std::size_t n) {
  Lane a{}, b{};
  for (; n >= 2 * sizeof(Lane); n -= 2 * sizeof(Lane), p += 2 * sizeof(Lane)) {
    Lane x, y;
    std::memcpy(&x, p, sizeof x);
    std::memcpy(&y, p + sizeof x, sizeof y);
    a ^= x;
    b ^= y;
  }
  a ^= b;
  std::uint64_t words[sizeof(Lane) / 8];
  std::memcpy(words, &a, sizeof a);
  std::uint64_t wide = 0;
  for (std::uint64_t w : words) wide ^= w;
  for (; n >= 8; n -= 8, p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, sizeof w);
    wide ^= w;
  }
  wide ^= wide >> 32;
  wide ^= wide >> 16;
  wide ^= wide >> 8;
  auto x = static_cast<std::uint8_t>(wide);
  for (; n > 0; --n, ++p) x ^= static_cast<std::uint8_t>(*p);
  return x;
}

}  // namespace

std::uint8_t lrc(std::span<const std::byte> bytes) {
  // The LRC runs over every payload byte twice per exchange (build and check) and dominated
  // the engine's per-byte cost before it went 32 bytes per step (docs/performance.md).
  return xor_fold(bytes.data(), bytes.size());
}

std::uint16_t crc16(std::span<const std::byte> bytes) {
  std::uint16_t v = 0xFFFF;
  for (std::byte b : bytes)
    v = static_cast<std::uint16_t>((v >> 8) ^ kCrcTable[(v ^ static_cast<std::uint8_t>(b)) & 0xFF]);
  return v;
}

}  // namespace readerkit::t1
