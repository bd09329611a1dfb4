// SPDX-License-Identifier: MIT
// Per-reader quirks as data: one table keyed by VID:PID (src/quirks.cpp). The driver asks the
// table, never a chain of `if (vid == ...)`.
#pragma once

#include <cstdint>
#include <string_view>

namespace readerkit::ccid {

/// Quirk bits a table row can carry.
namespace quirk {
/// PC_to_RDR_Escape is answered CMD_NOT_SUPPORTED: the vendor escape is refused without I/O.
inline constexpr std::uint32_t NO_ESCAPE = 0x0001;
/// Behind some host controllers a frame of a whole number of packets is followed by a
/// zero-length transfer (QEMU xHCI). The channel always tolerates it; the row documents it.
inline constexpr std::uint32_t SPURIOUS_ZLP = 0x0002;
/// The reader ignores bPowerSelect: power on with "automatic" instead of walking classes.
inline constexpr std::uint32_t POWER_AUTOMATIC_ONLY = 0x0004;
/// SetParameters is answered but changes nothing (the card side negotiates by itself).
inline constexpr std::uint32_t SKIP_SET_PARAMETERS = 0x0008;
}  // namespace quirk

/// One row: the reader, what it gets wrong, and (0 = descriptor's value) overrides.
struct Quirks {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::string_view name;          // shown by `readerkit list`
  std::uint32_t flags = 0;
  std::uint32_t read_timeout_ms = 0;

  bool has(std::uint32_t bit) const { return (flags & bit) != 0; }
};

/// The row for a reader; a row with no flags (and the ids filled in) when none matches.
Quirks find_quirks(std::uint16_t vendor_id, std::uint16_t product_id);

}  // namespace readerkit::ccid
