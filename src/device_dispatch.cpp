// SPDX-License-Identifier: MIT
// The IOCTL table (docs/contract/ioctl.md §2, §4): control code → handler, with the optional
// callback that alone serves the code. Adding an IOCTL is adding a row.
#include <array>

#include "detail/device_core.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::detail {
namespace {

using Handler = IoResult (*)(DeviceCore&, Request&);

constexpr std::uint32_t slot_bit(Rdf slot) {
  return 1u << static_cast<unsigned>(slot);
}
// A PIN pad is a keypad the library drives or a reader that runs the operation itself.
constexpr std::uint32_t kPinPadSlots =
    slot_bit(Rdf::RDF_PIN_ENTRY) | slot_bit(Rdf::RDF_PIN_OPERATION);

struct IoctlRow {
  std::uint32_t code;
  Handler handler;
  // Set for IOCTLs served only by optional callbacks (one of these slots): NOT_SUPPORTED
  // right after "code known", before any input or card check (§4 check order, decided).
  std::uint32_t only_callbacks;
};

bool has_any(const CallbackTable& callbacks, std::uint32_t slots) {
  for (std::size_t i = 0; i < RDF_SLOT_COUNT; ++i) {
    if ((slots & (1u << i)) != 0 && callbacks.has(static_cast<Rdf>(i))) return true;
  }
  return false;
}

const std::array<IoctlRow, 16> kIoctlTable{{
    {IOCTL_SMARTCARD_POWER, handle_power, 0},
    {IOCTL_SMARTCARD_GET_ATTRIBUTE, handle_get_attribute, 0},
    {IOCTL_SMARTCARD_SET_ATTRIBUTE, handle_set_attribute, 0},
    {IOCTL_SMARTCARD_CONFISCATE, handle_confiscate, slot_bit(Rdf::RDF_CARD_CONFISCATE)},
    {IOCTL_SMARTCARD_TRANSMIT, handle_transmit, 0},
    {IOCTL_SMARTCARD_EJECT, handle_eject, slot_bit(Rdf::RDF_CARD_EJECT)},
    {IOCTL_SMARTCARD_SWALLOW, handle_swallow, slot_bit(Rdf::RDF_READER_SWALLOW)},
    {IOCTL_SMARTCARD_IS_PRESENT, handle_tracking, 0},
    {IOCTL_SMARTCARD_IS_ABSENT, handle_tracking, 0},
    {IOCTL_SMARTCARD_SET_PROTOCOL, handle_set_protocol, 0},
    {IOCTL_SMARTCARD_GET_STATE, handle_get_state, 0},
    {IOCTL_SMARTCARD_GET_LAST_ERROR, handle_get_last_error, 0},
    {IOCTL_SMARTCARD_GET_PERF_CNTR, handle_get_perf_counters, 0},
    {IOCTL_FEATURE_VERIFY_PIN_DIRECT, handle_verify_pin, kPinPadSlots},
    {IOCTL_FEATURE_MODIFY_PIN_DIRECT, handle_modify_pin, kPinPadSlots},
    {IOCTL_FEATURE_IFD_PIN_PROPERTIES, handle_pin_properties, kPinPadSlots},
}};

const IoctlRow kVendorRow{0, handle_vendor, slot_bit(Rdf::RDF_IOCTL_VENDOR)};

const IoctlRow* find_row(std::uint32_t code) {
  for (const auto& row : kIoctlTable) {
    if (row.code == code) return &row;
  }
  return is_vendor_ioctl(code) ? &kVendorRow : nullptr;
}

}  // namespace

IoResult dispatch(DeviceCore& d, Request& r) {
  const IoctlRow* row = find_row(r.code);
  if (!row) return fail(Status::INVALID_DEVICE_REQUEST);
  if (row->only_callbacks != 0 && !has_any(d.callbacks, row->only_callbacks))
    return fail(Status::NOT_SUPPORTED);
  return row->handler(d, r);
}

IoResult call_vendor(DeviceCore& d, Request& r, std::uint32_t minor) {
  if (!d.callbacks.has(Rdf::RDF_IOCTL_VENDOR)) return fail(Status::NOT_SUPPORTED);
  CallbackScope scope(d, r);
  if (auto busy = scope.busy()) return fail(*busy);
  std::size_t bytes = 0;
  const Status s = scope.call(Rdf::RDF_IOCTL_VENDOR, minor, r.input, r.output, bytes);
  scope.commit();  // a vendor request may have changed the card parameters
  if (s != Status::SUCCESS) return fail(s);
  if (bytes > r.output.size()) return fail(Status::BUFFER_TOO_SMALL);  // driver overran
  return {s, bytes};
}

IoResult handle_vendor(DeviceCore& d, Request& r) {
  return call_vendor(d, r, 0);
}

}  // namespace readerkit::detail
