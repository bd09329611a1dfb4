// SPDX-License-Identifier: MIT
// The CCID class descriptor (USB CCID rev 1.1 §5.1): parsed into fields and decoded for
// people (`readerkit list`) and scripts (JSON).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "readerkit/bytes.hpp"
#include "readerkit/ccid/wire.hpp"
#include "readerkit/result.hpp"

namespace readerkit::ccid {

/// bPINSupport bits (CCID §5.1): the reader verifies / modifies a PIN (PC_to_RDR_Secure).
inline constexpr std::uint8_t kPinVerification = 0x01;
inline constexpr std::uint8_t kPinModification = 0x02;

/// The 54-byte functional descriptor, field names as in CCID §5.1.
struct ClassDescriptor {
  std::uint16_t bcdCCID = 0;
  std::uint8_t bMaxSlotIndex = 0;
  std::uint8_t bVoltageSupport = 0;
  std::uint32_t dwProtocols = 0;
  std::uint32_t dwDefaultClock = 0;  // kHz
  std::uint32_t dwMaximumClock = 0;  // kHz
  std::uint8_t bNumClockSupported = 0;
  std::uint32_t dwDataRate = 0;      // bit/s
  std::uint32_t dwMaxDataRate = 0;   // bit/s
  std::uint8_t bNumDataRatesSupported = 0;
  std::uint32_t dwMaxIFSD = 0;
  std::uint32_t dwSynchProtocols = 0;
  std::uint32_t dwMechanical = 0;
  std::uint32_t dwFeatures = 0;
  std::uint32_t dwMaxCCIDMessageLength = 0;
  std::uint8_t bClassGetResponse = 0;
  std::uint8_t bClassEnvelope = 0;
  std::uint16_t wLcdLayout = 0;
  std::uint8_t bPINSupport = 0;  // kPinVerification | kPinModification
  std::uint8_t bMaxCCIDBusySlots = 0;

  ExchangeLevel exchange_level() const;
  bool has(std::uint32_t feature_bit) const { return (dwFeatures & feature_bit) != 0; }
  std::size_t slot_count() const { return std::size_t{bMaxSlotIndex} + 1; }
};

/// Parses the descriptor (bLength 0x36, bDescriptorType 0x21). Some readers report the type
/// of the older 0xFF "vendor" descriptor; that is accepted too (quirk of pre-1.0 readers).
/// DEVICE_PROTOCOL_ERROR for a short or foreign descriptor.
Result<ClassDescriptor> parse_class_descriptor(std::span<const std::byte> raw);

/// The descriptor's 54 wire bytes (bDescriptorType 0x21): what a device sends, the inverse of
/// parse_class_descriptor.
Bytes encode_class_descriptor(const ClassDescriptor& d);

/// Names of the dwFeatures bits that are set, in bit order ("TPDU level", ...), with
/// unknown bits as "0x........".
std::vector<std::string> feature_names(std::uint32_t dw_features);

/// Multi-line human decode: one "label: value" line per field, values explained.
std::string describe(const ClassDescriptor& d);

/// One JSON object with every field and the decoded lists (protocols, voltages, features,
/// exchange level, pin support).
std::string to_json(const ClassDescriptor& d);

}  // namespace readerkit::ccid
