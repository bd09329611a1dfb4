// SPDX-License-Identifier: MIT
// T=1 block building and checking (ISO/IEC 7816-3 §11.3, §11.6.3.1 invalid blocks).
#include <cstring>

#include "readerkit/t1_frame.hpp"

namespace readerkit::t1 {
namespace {

void put_edc(std::span<std::byte> out, std::size_t covered, Edc edc) {
  const auto data = out.first(covered);
  if (edc == Edc::lrc) {
    out[covered] = static_cast<std::byte>(lrc(data));
    return;
  }
  const std::uint16_t crc = crc16(data);
  out[covered] = static_cast<std::byte>(crc >> 8);
  out[covered + 1] = static_cast<std::byte>(crc & 0xFF);
}

bool edc_matches(std::span<const std::byte> bytes, Edc edc) {
  const std::size_t covered = bytes.size() - edc_size(edc);
  const auto data = bytes.first(covered);
  if (edc == Edc::lrc) return static_cast<std::uint8_t>(bytes[covered]) == lrc(data);
  const std::uint16_t crc = crc16(data);
  return static_cast<std::uint8_t>(bytes[covered]) == (crc >> 8) &&
         static_cast<std::uint8_t>(bytes[covered + 1]) == (crc & 0xFF);
}

/// PCB values the standard defines, with the INF length each requires (§11.3.2.2).
bool pcb_known(std::uint8_t pcb, std::size_t len) {
  switch (block_type(pcb)) {
    case BlockType::I:
      return (pcb & 0x1F) == 0;
    case BlockType::R:
      return (pcb & 0x20) == 0 && (pcb & 0x0F) <= 2 && len == 0;
    case BlockType::S: {
      const std::uint8_t type = pcb & 0x1F;
      if (type == static_cast<std::uint8_t>(SType::IFS) ||
          type == static_cast<std::uint8_t>(SType::WTX))
        return len == 1;
      if (type == static_cast<std::uint8_t>(SType::VPP_ERROR))
        return (pcb & PCB_S_RESPONSE) && len == 0;
      return type <= static_cast<std::uint8_t>(SType::ABORT) && len == 0;
    }
  }
  return false;
}

}  // namespace

std::size_t build_block(std::span<std::byte> out, std::uint8_t nad, std::uint8_t pcb,
                        std::span<const std::byte> inf, Edc edc) {
  out[NAD] = static_cast<std::byte>(nad);
  out[PCB] = static_cast<std::byte>(pcb);
  out[LEN] = static_cast<std::byte>(inf.size());
  if (!inf.empty()) std::memcpy(out.data() + PROLOGUE_SIZE, inf.data(), inf.size());
  const std::size_t covered = PROLOGUE_SIZE + inf.size();
  put_edc(out, covered, edc);
  return covered + edc_size(edc);
}

RError parse_block(std::span<const std::byte> bytes, Edc edc, Block& block) {
  if (bytes.size() < PROLOGUE_SIZE + edc_size(edc)) return RError::OTHER;
  const std::size_t len = static_cast<std::uint8_t>(bytes[LEN]);
  if (len > MAX_INF || bytes.size() != PROLOGUE_SIZE + len + edc_size(edc))
    return RError::OTHER;
  if (!edc_matches(bytes, edc)) return RError::EDC;
  const auto pcb = static_cast<std::uint8_t>(bytes[PCB]);
  if (!pcb_known(pcb, len)) return RError::OTHER;
  block.nad = static_cast<std::uint8_t>(bytes[NAD]);
  block.pcb = pcb;
  block.inf = bytes.subspan(PROLOGUE_SIZE, len);
  return RError::none;
}

}  // namespace readerkit::t1
