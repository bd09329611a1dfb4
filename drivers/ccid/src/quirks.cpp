// SPDX-License-Identifier: MIT
// The quirks table. Adding a reader is adding a row; every row says why it is there.
#include "readerkit/ccid/quirks.hpp"

#include <array>

namespace readerkit::ccid {
namespace {

constexpr std::array kQuirkTable{
    // QEMU's usb-ccid, measured in the rig (docs/ccid.md): PC_to_RDR_Escape is answered
    // "command not supported"; behind qemu-xhci a 64-byte frame is followed by a zero-length
    // transfer; PC_to_RDR_SetParameters for the simulated T=0 card (TA1 0x96) fails, which
    // made SET_PROTOCOL fail with DEVICE_PROTOCOL_ERROR, while the reader's own automatic
    // negotiation (dwFeatures 0x40, 0x80) already set the card up. Voltage needs no quirk.
    Quirks{0x08E6, 0x4433, "QEMU USB CCID",
           quirk::NO_ESCAPE | quirk::SPURIOUS_ZLP | quirk::SKIP_SET_PARAMETERS, 0},
};

}  // namespace

Quirks find_quirks(std::uint16_t vendor_id, std::uint16_t product_id) {
  for (const auto& row : kQuirkTable) {
    if (row.vendor_id == vendor_id && row.product_id == product_id) return row;
  }
  return Quirks{vendor_id, product_id, {}, 0, 0};
}

}  // namespace readerkit::ccid
