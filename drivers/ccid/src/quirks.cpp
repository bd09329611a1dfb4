// The quirks table. Adding a reader is adding a row; every row says why it is there.
#include "readerkit/ccid/quirks.hpp"

#include <array>

namespace readerkit::ccid {
namespace {

constexpr std::array kQuirkTable{
    // QEMU's usb-ccid (hw/usb/dev-smartcard-reader.c), measured in the rig: Escape answers
    // "command not supported"; bPowerSelect is ignored; SetParameters is acknowledged with
    // the current values (the emulated card has no line to retime); behind qemu-xhci a
    // 64-byte frame is followed by a zero-length transfer.
    Quirks{0x08E6, 0x4433, "QEMU USB CCID",
           quirk::NO_ESCAPE | quirk::SPURIOUS_ZLP | quirk::POWER_AUTOMATIC_ONLY |
               quirk::SKIP_SET_PARAMETERS,
           0},
};

}  // namespace

Quirks find_quirks(std::uint16_t vendor_id, std::uint16_t product_id) {
  for (const auto& row : kQuirkTable) {
    if (row.vendor_id == vendor_id && row.product_id == product_id) return row;
  }
  return Quirks{vendor_id, product_id, {}, 0, 0};
}

}  // namespace readerkit::ccid
