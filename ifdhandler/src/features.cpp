// SPDX-License-Identifier: MIT
#include "features.hpp"

#include <array>

#include "readerkit/ioctl.hpp"

namespace readerkit::ifd {
namespace {

// SCARD_CTL_CODE(3400) is CM_IOCTL_GET_FEATURE_REQUEST; features follow at 3400 + tag.
constexpr std::uint32_t kFeatureBase = 3400;

// GET_TLV_PROPERTIES tags (PC/SC part 10 §2.6.14).
// The PIN pad's tags (1, 2, 3, 6, 7) come from the library's pin_tlv_properties().
enum class Property : std::uint8_t {
  bPPDUSupport = 9,
  dwMaxAPDUDataSize = 10,
  wIdVendor = 11,
  wIdProduct = 12,
};

constexpr std::uint32_t kExtendedApduMax = 65536;

// Adding a driver kind or a feature it offers is adding a row. The simulated reader and the
// vpcd network reader carry extended APDUs (T=1 chaining / whole-message transport); the
// vendor and product ids of a USB reader belong to the device, not the kind.
const std::array kRegistry{
    DriverFeatures{"sim", true, std::nullopt, std::nullopt, {}, std::nullopt},
    DriverFeatures{"vpcd", true, std::nullopt, std::nullopt, {}, std::nullopt},
};

const DriverFeatures kUnknownKind{};

// What a reader with a PIN pad offers, served by the library for every driver kind: by the
// operations it has (a CCID reader may verify without modifying).
constexpr std::array kVerifyAndModify{Feature::FEATURE_VERIFY_PIN_DIRECT,
                                      Feature::FEATURE_MODIFY_PIN_DIRECT,
                                      Feature::FEATURE_IFD_PIN_PROPERTIES};
constexpr std::array kVerifyOnly{Feature::FEATURE_VERIFY_PIN_DIRECT,
                                 Feature::FEATURE_IFD_PIN_PROPERTIES};
constexpr std::array kModifyOnly{Feature::FEATURE_MODIFY_PIN_DIRECT,
                                 Feature::FEATURE_IFD_PIN_PROPERTIES};

std::span<const Feature> pin_pad_features(const PinPadProperties& p) {
  if (p.verify && p.modify) return kVerifyAndModify;
  if (p.verify) return kVerifyOnly;
  return kModifyOnly;
}

void put_property(Bytes& out, Property tag, std::uint32_t value, std::size_t size) {
  out.push_back(static_cast<std::byte>(tag));
  out.push_back(static_cast<std::byte>(size));
  for (std::size_t i = 0; i < size; ++i) out.push_back(static_cast<std::byte>(value >> (8 * i)));
}

}  // namespace

const DriverFeatures& driver_features(std::string_view kind) {
  for (const auto& row : kRegistry) {
    if (row.kind == kind) return row;
  }
  return kUnknownKind;
}

DriverFeatures reader_features(std::string_view kind,
                               const std::optional<PinPadProperties>& pin_pad) {
  DriverFeatures f = driver_features(kind);
  if (pin_pad) {
    f.pin_features = pin_pad_features(*pin_pad);
    f.pin_pad = pin_pad;
  }
  return f;
}

std::uint32_t feature_code(Feature feature, bool pcsclite_form) {
  const std::uint32_t n = kFeatureBase + static_cast<std::uint32_t>(feature);
  return pcsclite_form ? PCSCLITE_CTL_CODE(n) : SCARD_CTL_CODE(n);
}

std::optional<Feature> feature_from_code(const DriverFeatures& features, std::uint32_t code) {
  const auto offered = [&](Feature f) {
    return code == feature_code(f, true) || code == feature_code(f, false);
  };
  if (offered(Feature::FEATURE_GET_TLV_PROPERTIES)) return Feature::FEATURE_GET_TLV_PROPERTIES;
  for (Feature f : features.pin_features) {
    if (offered(f)) return f;
  }
  return std::nullopt;
}

Bytes feature_list(const DriverFeatures& features, bool pcsclite_form) {
  Bytes out;
  const auto add = [&](Feature f) {
    const std::uint32_t code = feature_code(f, pcsclite_form);
    out.push_back(static_cast<std::byte>(f));
    out.push_back(std::byte{4});
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<std::byte>(code >> shift));
  };
  add(Feature::FEATURE_GET_TLV_PROPERTIES);
  for (Feature f : features.pin_features) add(f);
  return out;
}

Bytes tlv_properties(const DriverFeatures& features) {
  Bytes out;
  if (features.pin_pad) out = pin_tlv_properties(*features.pin_pad);
  put_property(out, Property::bPPDUSupport, 0, 1);
  put_property(out, Property::dwMaxAPDUDataSize, features.extended_apdu ? kExtendedApduMax : 0, 4);
  if (features.id_vendor) put_property(out, Property::wIdVendor, *features.id_vendor, 2);
  if (features.id_product) put_property(out, Property::wIdProduct, *features.id_product, 2);
  return out;
}

}  // namespace readerkit::ifd
