// The quirks table. Adding a reader is adding a row; every row says why it is there.
#include "readerkit/ccid/quirks.hpp"

#include <array>

namespace readerkit::ccid {
namespace {

constexpr std::array kQuirkTable{
    // QEMU's usb-ccid, measured in the rig (ccid-qemu-rig.md): PC_to_RDR_Escape is answered
    // "command not supported"; behind qemu-xhci a 64-byte frame is followed by a zero-length
    // transfer. (Voltage and PPS need no quirk: dwFeatures announces them automatic.)
    Quirks{0x08E6, 0x4433, "QEMU USB CCID", quirk::NO_ESCAPE | quirk::SPURIOUS_ZLP, 0},
};

}  // namespace

Quirks find_quirks(std::uint16_t vendor_id, std::uint16_t product_id) {
  for (const auto& row : kQuirkTable) {
    if (row.vendor_id == vendor_id && row.product_id == product_id) return row;
  }
  return Quirks{vendor_id, product_id, {}, 0, 0};
}

}  // namespace readerkit::ccid
