// SPDX-License-Identifier: MIT
// USB 2.0 chapter 9 values the CCID code speaks: standard request codes (table 9-4), descriptor
// types (table 9-5), bmRequestType forms (§9.3.1) and endpoint attributes (§9.6.6). One place
// for the host side (the usbmon capture's synthetic enumeration) and the device side
// (ccid_device's descriptors and endpoint 0).
#pragma once

#include <cstdint>

namespace readerkit::ccid::usb {

/// bRequest of the standard requests (table 9-4).
inline constexpr std::uint8_t GET_STATUS = 0;
inline constexpr std::uint8_t CLEAR_FEATURE = 1;
inline constexpr std::uint8_t SET_FEATURE = 3;
inline constexpr std::uint8_t SET_ADDRESS = 5;
inline constexpr std::uint8_t GET_DESCRIPTOR = 6;
inline constexpr std::uint8_t GET_CONFIGURATION = 8;
inline constexpr std::uint8_t SET_CONFIGURATION = 9;
inline constexpr std::uint8_t GET_INTERFACE = 10;
inline constexpr std::uint8_t SET_INTERFACE = 11;

/// bDescriptorType (table 9-5).
inline constexpr std::uint8_t DEVICE = 1;
inline constexpr std::uint8_t CONFIGURATION = 2;
inline constexpr std::uint8_t STRING = 3;
inline constexpr std::uint8_t INTERFACE = 4;
inline constexpr std::uint8_t ENDPOINT = 5;

/// bmRequestType: direction | type | recipient (§9.3.1).
inline constexpr std::uint8_t kToDevice = 0x00;
inline constexpr std::uint8_t kToInterface = 0x01;
inline constexpr std::uint8_t kToEndpoint = 0x02;
inline constexpr std::uint8_t kFromDevice = 0x80;
inline constexpr std::uint8_t kFromInterface = 0x81;
inline constexpr std::uint8_t kFromEndpoint = 0x82;
inline constexpr std::uint8_t kClassToInterface = 0x21;
inline constexpr std::uint8_t kClassFromInterface = 0xA1;

/// bEndpointAddress direction bit and bmAttributes transfer types (§9.6.6).
inline constexpr std::uint8_t kEndpointIn = 0x80;
inline constexpr std::uint8_t kTransferBulk = 0x02;
inline constexpr std::uint8_t kTransferInterrupt = 0x03;

}  // namespace readerkit::ccid::usb
