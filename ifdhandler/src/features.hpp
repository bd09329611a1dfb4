// SPDX-License-Identifier: MIT
// PC/SC part 10 features offered through IFDHControl (docs/contract/ifdhandler.md "Control codes").
// What each driver kind can do is data: one row per kind in a registry (features.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "readerkit/bytes.hpp"
#include "readerkit/pinpad.hpp"

namespace readerkit::ifd {

/// PC/SC part 10 feature tags (FEATURE_*).
enum class Feature : std::uint8_t {
  FEATURE_VERIFY_PIN_DIRECT = 0x06,
  FEATURE_MODIFY_PIN_DIRECT = 0x07,
  FEATURE_IFD_PIN_PROPERTIES = 0x0A,
  FEATURE_GET_TLV_PROPERTIES = 0x12,
  FEATURE_CCID_ESC_COMMAND = 0x13,
};

/// What a driver kind declares. Declared PIN features are forwarded to the driver's
/// RDF_IOCTL_VENDOR callback under their Windows-form code (feature_code(tag, false)); they
/// need no `vendor=allow`, being standard features the driver chose to offer.
struct DriverFeatures {
  std::string_view kind;
  bool extended_apdu = false;               // dwMaxAPDUDataSize 65536 instead of 0 (short only)
  std::optional<std::uint16_t> id_vendor;   // wIdVendor, when known
  std::optional<std::uint16_t> id_product;  // wIdProduct, when known
  std::span<const Feature> pin_features;
  /// A reader with a PIN pad (ReaderCapabilities::pin_pad): its properties go into the TLV
  /// properties, and the PIN features are served by the library (readerkit/pinpad.hpp).
  std::optional<PinPadProperties> pin_pad;
};

/// The kind's row, plus the PIN pad features when the reader has a PIN pad (and only then).
DriverFeatures reader_features(std::string_view kind, const std::optional<PinPadProperties>& pin_pad);

/// The registry row for a driver kind (a row with nothing declared for unknown kinds).
const DriverFeatures& driver_features(std::string_view kind);

/// The control code of a feature: SCARD_CTL_CODE(3400 + tag), in pcsc-lite form
/// (0x42000000 + n) or Windows form (0x00310000 | n << 2), matching the form of the request.
std::uint32_t feature_code(Feature feature, bool pcsclite_form);

/// The feature a control code names (either form) among those `features` offers, or nullopt.
std::optional<Feature> feature_from_code(const DriverFeatures& features, std::uint32_t code);

/// The CM_IOCTL_GET_FEATURE_REQUEST answer: 6-byte TLVs {tag, 4, code big-endian}.
Bytes feature_list(const DriverFeatures& features, bool pcsclite_form);

/// The FEATURE_GET_TLV_PROPERTIES answer: TLVs {tag, length, little-endian value}.
Bytes tlv_properties(const DriverFeatures& features);

}  // namespace readerkit::ifd
