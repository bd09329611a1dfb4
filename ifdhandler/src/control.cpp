// SPDX-License-Identifier: MIT
#include "control.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

#include "features.hpp"
#include "ifd_codes.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::ifd {
namespace {

// Standard IOCTLs a client may send: they only read what the device keeps. Every other
// standard code (POWER, SET_PROTOCOL, TRANSMIT, tracking, EJECT, SWALLOW, CONFISCATE,
// SET_ATTRIBUTE) changes state pcscd tracks itself, so it is refused.
constexpr std::array kReadOnly{
    IOCTL_SMARTCARD_GET_STATE,
    IOCTL_SMARTCARD_GET_ATTRIBUTE,
    IOCTL_SMARTCARD_GET_LAST_ERROR,
    IOCTL_SMARTCARD_GET_PERF_CNTR,
};

std::string hex32(std::uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", v);
  return text;
}

RESPONSECODE answer(const Bytes& data, std::span<std::byte> output, std::size_t& returned) {
  if (data.size() > output.size()) return IFD_ERROR_INSUFFICIENT_BUFFER;
  std::copy(data.begin(), data.end(), output.begin());
  returned = data.size();
  return IFD_SUCCESS;
}

RESPONSECODE to_device(const Slot& slot, std::uint32_t windows_code,
                       std::span<const std::byte> input, std::span<std::byte> output,
                       std::size_t& returned) {
  const IoResult r = slot.device->control(windows_code, input, output);
  if (r.status != Status::SUCCESS) return to_ifd_code(IfdFunction::control, r.status);
  returned = r.information;
  return IFD_SUCCESS;
}

RESPONSECODE refuse(const Slot& slot, std::uint32_t code, const char* why) {
  slot.entry->log(LogLevel::DRIVER, "SCardControl " + hex32(code) + " refused: " + why);
  return IFD_ERROR_NOT_SUPPORTED;
}

DriverFeatures slot_features(const Slot& slot) {
  return reader_features(slot.entry->kind, slot.device->reader().pin_pad);
}

RESPONSECODE feature(const Slot& slot, Feature f, std::span<const std::byte> input,
                     std::span<std::byte> output, std::size_t& returned) {
  const DriverFeatures features = slot_features(slot);
  if (f == Feature::FEATURE_GET_TLV_PROPERTIES) return answer(tlv_properties(features), output, returned);
  // A PIN feature: the library serves it for a reader with a PIN pad (RDF_PIN_ENTRY), the
  // driver's vendor callback for a kind that declares it (features.hpp).
  return to_device(slot, feature_code(f, false), input, output, returned);
}

}  // namespace

RESPONSECODE handle_control(const Slot& slot, std::uint32_t code,
                            std::span<const std::byte> input, std::span<std::byte> output,
                            std::size_t& returned) {
  returned = 0;
  const DriverFeatures features = slot_features(slot);
  if (code == CM_IOCTL_GET_FEATURE_REQUEST_PCSCLITE || code == CM_IOCTL_GET_FEATURE_REQUEST) {
    return answer(feature_list(features, code == CM_IOCTL_GET_FEATURE_REQUEST_PCSCLITE), output,
                  returned);
  }
  // Feature codes sit in the Windows vendor range: look them up before the vendor rule.
  if (const auto f = feature_from_code(features, code)) return feature(slot, *f, input, output, returned);

  const bool escape = code == kPcscliteEscape;
  if (escape || is_vendor_ioctl(code)) {
    if (!slot.entry->options.vendor_allowed) {
      return refuse(slot, code, "vendor IOCTL; the reader's DEVICENAME has no vendor=allow");
    }
    return to_device(slot, escape ? kCcidEscape : code, input, output, returned);
  }
  if (std::find(kReadOnly.begin(), kReadOnly.end(), code) != kReadOnly.end()) {
    return to_device(slot, code, input, output, returned);
  }
  return refuse(slot, code, "not a read-only request (it would desynchronise pcscd)");
}

}  // namespace readerkit::ifd
