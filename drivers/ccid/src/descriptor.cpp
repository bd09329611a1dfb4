// SPDX-License-Identifier: MIT
// Parsing the CCID class descriptor (USB CCID rev 1.1 §5.1, table 5.1-1).
#include "readerkit/ccid/descriptor.hpp"

#include <array>

#include "readerkit/bytes.hpp"

namespace readerkit::ccid {
namespace {

struct Reader {
  std::span<const std::byte> raw;
  std::uint8_t u8(std::size_t at) const { return std::to_integer<std::uint8_t>(raw[at]); }
  std::uint16_t u16(std::size_t at) const {
    return static_cast<std::uint16_t>(u8(at) | u8(at + 1) << 8);
  }
  std::uint32_t u32(std::size_t at) const { return load_le32(raw.subspan(at, 4)); }
};

struct FeatureName {
  std::uint32_t bit;
  const char* name;
};

// CCID §5.1 dwFeatures; the exchange level bits are values of a 3-bit field, named alike.
constexpr std::array kFeatureNames{
    FeatureName{feature::AUTO_CONFIG_ATR, "automatic parameter configuration based on ATR"},
    FeatureName{feature::AUTO_ACTIVATION, "automatic activation on insertion"},
    FeatureName{feature::AUTO_VOLTAGE, "automatic voltage selection"},
    FeatureName{feature::AUTO_CLOCK, "automatic clock frequency change"},
    FeatureName{feature::AUTO_BAUD, "automatic baud rate change"},
    FeatureName{feature::AUTO_PARAM_NEGOTIATION, "automatic parameter negotiation"},
    FeatureName{feature::AUTO_PPS, "automatic PPS"},
    FeatureName{feature::CLOCK_STOP, "clock stop"},
    FeatureName{feature::NAD_NOT_ZERO, "NAD other than 0"},
    FeatureName{feature::AUTO_IFSD, "automatic IFSD exchange"},
    FeatureName{feature::LEVEL_TPDU, "TPDU level"},
    FeatureName{feature::LEVEL_SHORT_APDU, "short APDU level"},
    FeatureName{feature::LEVEL_EXTENDED_APDU, "short and extended APDU level"},
    FeatureName{feature::USB_WAKEUP, "USB wake up"},
};

std::string hex32(std::uint32_t v) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string s = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) s += kDigits[(v >> shift) & 0xF];
  return s;
}

}  // namespace

ExchangeLevel ClassDescriptor::exchange_level() const {
  switch (dwFeatures & feature::LEVEL_MASK) {
    case feature::LEVEL_TPDU:
      return ExchangeLevel::tpdu;
    case feature::LEVEL_SHORT_APDU:
      return ExchangeLevel::short_apdu;
    case feature::LEVEL_EXTENDED_APDU:
      return ExchangeLevel::extended_apdu;
    default:
      return ExchangeLevel::character;
  }
}

Result<ClassDescriptor> parse_class_descriptor(std::span<const std::byte> raw) {
  Reader r{raw};
  if (raw.size() < kDescriptorLength || r.u8(0) < kDescriptorLength ||
      (r.u8(1) != kDescriptorTypeCcid && r.u8(1) != 0xFF)) {
    return Status::DEVICE_PROTOCOL_ERROR;
  }
  ClassDescriptor d;
  d.bcdCCID = r.u16(2);
  d.bMaxSlotIndex = r.u8(4);
  d.bVoltageSupport = r.u8(5);
  d.dwProtocols = r.u32(6);
  d.dwDefaultClock = r.u32(10);
  d.dwMaximumClock = r.u32(14);
  d.bNumClockSupported = r.u8(18);
  d.dwDataRate = r.u32(19);
  d.dwMaxDataRate = r.u32(23);
  d.bNumDataRatesSupported = r.u8(27);
  d.dwMaxIFSD = r.u32(28);
  d.dwSynchProtocols = r.u32(32);
  d.dwMechanical = r.u32(36);
  d.dwFeatures = r.u32(40);
  d.dwMaxCCIDMessageLength = r.u32(44);
  d.bClassGetResponse = r.u8(48);
  d.bClassEnvelope = r.u8(49);
  d.wLcdLayout = r.u16(50);
  d.bPINSupport = r.u8(52);
  d.bMaxCCIDBusySlots = r.u8(53);
  return d;
}

Bytes encode_class_descriptor(const ClassDescriptor& d) {
  Bytes out;
  out.reserve(kDescriptorLength);
  auto u8 = [&](std::uint32_t v) { out.push_back(static_cast<std::byte>(v & 0xFF)); };
  auto u16 = [&](std::uint32_t v) { u8(v), u8(v >> 8); };
  auto u32 = [&](std::uint32_t v) { u16(v), u16(v >> 16); };
  u8(kDescriptorLength);
  u8(kDescriptorTypeCcid);
  u16(d.bcdCCID);
  u8(d.bMaxSlotIndex);
  u8(d.bVoltageSupport);
  u32(d.dwProtocols);
  u32(d.dwDefaultClock);
  u32(d.dwMaximumClock);
  u8(d.bNumClockSupported);
  u32(d.dwDataRate);
  u32(d.dwMaxDataRate);
  u8(d.bNumDataRatesSupported);
  u32(d.dwMaxIFSD);
  u32(d.dwSynchProtocols);
  u32(d.dwMechanical);
  u32(d.dwFeatures);
  u32(d.dwMaxCCIDMessageLength);
  u8(d.bClassGetResponse);
  u8(d.bClassEnvelope);
  u16(d.wLcdLayout);
  u8(d.bPINSupport);
  u8(d.bMaxCCIDBusySlots);
  return out;
}

std::vector<std::string> feature_names(std::uint32_t dw_features) {
  std::vector<std::string> names;
  std::uint32_t known = 0;
  for (const auto& f : kFeatureNames) {
    known |= f.bit;
    if ((dw_features & feature::LEVEL_MASK) == (f.bit & feature::LEVEL_MASK) &&
        (f.bit & feature::LEVEL_MASK) != 0) {
      names.emplace_back(f.name);
    } else if ((f.bit & feature::LEVEL_MASK) == 0 && (dw_features & f.bit) != 0) {
      names.emplace_back(f.name);
    }
  }
  if (const auto unknown = dw_features & ~known; unknown != 0) names.push_back(hex32(unknown));
  return names;
}

}  // namespace readerkit::ccid
