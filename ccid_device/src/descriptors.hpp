// SPDX-License-Identifier: MIT
// The USB descriptors of the CCID device (USB 2.0 §9.6, CCID rev 1.1 §5): one configuration
// with one smart card interface, its CCID class descriptor and two or three endpoints.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "readerkit/bytes.hpp"
#include "readerkit/capabilities.hpp"
#include "readerkit/ccid/descriptor.hpp"
#include "readerkit/ccid_device/profile.hpp"

namespace readerkit::ccid_device {

/// Endpoint numbers (the address without its direction bit).
inline constexpr std::uint8_t kBulkOut = 1;
inline constexpr std::uint8_t kBulkIn = 2;
inline constexpr std::uint8_t kInterruptIn = 3;
/// wMaxPacketSize of every endpoint: a full-speed device.
inline constexpr std::uint16_t kMaxPacket = 64;

/// What iManufacturer, iProduct, iSerialNumber and the device descriptor say.
struct Identity {
  std::uint16_t vendor_id = kOwnVendorId;
  std::uint16_t product_id = kOwnProductId;
  std::uint16_t bcd_device = 0x0100;
  std::string manufacturer = "ReaderKit";
  std::string product;
  std::string serial;
};

/// The CCID class descriptor a profile announces for `slots` slots in front of `reader`
/// (clock, data rates, IFSD and the PIN pad come from the reader).
ccid::ClassDescriptor class_descriptor(const Profile& profile, std::size_t slots,
                                       const ReaderCapabilities& reader);

struct Descriptors {
  ccid::ClassDescriptor ccid;
  Bytes device;                      // GET_DESCRIPTOR(DEVICE), 18 bytes
  Bytes configuration;               // GET_DESCRIPTOR(CONFIGURATION): wTotalLength bytes
  std::vector<std::string> strings;  // string index 1, 2, 3
  std::uint8_t interface_class = ccid::kInterfaceClassCcid;
  bool interrupt_endpoint = true;
};

Descriptors build_descriptors(const Profile& profile, const ccid::ClassDescriptor& ccid,
                              const Identity& identity);

/// GET_DESCRIPTOR(STRING, index): the language list for 0, UTF-16LE text for 1..n; empty
/// when the index has no string.
Bytes string_descriptor(const Descriptors& d, std::uint8_t index);

}  // namespace readerkit::ccid_device
