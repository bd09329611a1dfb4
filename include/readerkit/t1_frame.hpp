// SPDX-License-Identifier: MIT
// T=1 block layout (ISO/IEC 7816-3 §11.3; docs/t1.md): prologue NAD PCB LEN, information
// field INF (0..254 bytes), epilogue EDC (LRC: 1 byte, CRC: 2 bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "readerkit/atr.hpp"

namespace readerkit::t1 {

inline constexpr std::size_t NAD = 0, PCB = 1, LEN = 2, PROLOGUE_SIZE = 3;
inline constexpr std::size_t MAX_INF = 254;
inline constexpr std::size_t MAX_BLOCK = PROLOGUE_SIZE + MAX_INF + 2;

/// Block kinds by PCB bits 8..7 (§11.3.2.2).
enum class BlockType { I, R, S };

/// PCB bits.
inline constexpr std::uint8_t PCB_R = 0x80;           // 10xx xxxx
inline constexpr std::uint8_t PCB_S = 0xC0;           // 11xx xxxx
inline constexpr std::uint8_t PCB_I_NS = 0x40;        // I-block N(S), bit 7
inline constexpr std::uint8_t PCB_I_M = 0x20;         // I-block more-data bit, bit 6
inline constexpr std::uint8_t PCB_R_NR = 0x10;        // R-block N(R), bit 5
inline constexpr std::uint8_t PCB_S_RESPONSE = 0x20;  // S-block response bit, bit 6

/// R-block error codes (PCB bits 4..1), which are also the two ways a received block can be
/// invalid (§11.6.3.1): an EDC error, or another error (length, LEN = 255, unknown PCB).
enum class RError : std::uint8_t { none = 0, EDC = 1, OTHER = 2 };

/// S-block types (PCB bits 5..1).
enum class SType : std::uint8_t { RESYNCH = 0, IFS = 1, ABORT = 2, WTX = 3, VPP_ERROR = 4 };

constexpr std::uint8_t i_pcb(std::uint8_t ns, bool more) {
  return static_cast<std::uint8_t>((ns ? PCB_I_NS : 0) | (more ? PCB_I_M : 0));
}
constexpr std::uint8_t r_pcb(std::uint8_t nr, RError e) {
  return static_cast<std::uint8_t>(PCB_R | (nr ? PCB_R_NR : 0) | static_cast<std::uint8_t>(e));
}
constexpr std::uint8_t s_pcb(SType type, bool response) {
  return static_cast<std::uint8_t>(PCB_S | (response ? PCB_S_RESPONSE : 0) |
                                   static_cast<std::uint8_t>(type));
}
constexpr BlockType block_type(std::uint8_t pcb) {
  return (pcb & 0x80) == 0 ? BlockType::I : (pcb & 0x40) == 0 ? BlockType::R : BlockType::S;
}

/// Size of the epilogue.
constexpr std::size_t edc_size(Edc edc) {
  return edc == Edc::crc ? 2 : 1;
}

/// LRC: XOR of all bytes (§11.4.4).
std::uint8_t lrc(std::span<const std::byte> bytes);
/// CRC-16 of ISO/IEC 13239 as T=1 readers use it: reflected polynomial 0x8408, initial value
/// 0xFFFF, no final XOR, sent most significant byte first (the convention of the Linux CCID
/// driver, which real cards answer to).
std::uint16_t crc16(std::span<const std::byte> bytes);

/// A received block that passed the checks; `inf` points into the received bytes.
struct Block {
  std::uint8_t nad = 0;
  std::uint8_t pcb = 0;
  std::span<const std::byte> inf;
  BlockType type() const { return block_type(pcb); }
};

/// Writes NAD PCB LEN INF EDC into out (at least MAX_BLOCK bytes); returns the length.
std::size_t build_block(std::span<std::byte> out, std::uint8_t nad, std::uint8_t pcb,
                        std::span<const std::byte> inf, Edc edc);

/// Checks a received block: length matches LEN, LEN != 255, EDC, known PCB. Returns the error
/// code an R-block would carry for it (RError::none when valid; then `block` views into
/// `bytes`).
RError parse_block(std::span<const std::byte> bytes, Edc edc, Block& block);

}  // namespace readerkit::t1
