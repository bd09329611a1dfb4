// SPDX-License-Identifier: MIT
// The device and configuration descriptors as the device sent them (GET_DESCRIPTOR), rebuilt
// from libusb's parse of them: what a usbmon capture shows at enumeration (usbmon_transport).
#pragma once

#include <libusb.h>

#include <optional>

#include "readerkit/bytes.hpp"

namespace readerkit::ccid::detail {

/// The 18 bytes of GET_DESCRIPTOR(DEVICE).
Bytes raw_device_descriptor(const libusb_device_descriptor& d);

/// A configuration with every interface, alternate setting and endpoint descriptor and the
/// descriptors libusb does not parse (class descriptors such as CCID's), which it keeps as
/// the `extra` bytes of the descriptor they follow. wTotalLength is the size rebuilt.
Bytes raw_configuration_descriptor(const libusb_config_descriptor& c);

/// The device's active configuration, rebuilt; nullopt when libusb cannot read it.
std::optional<Bytes> active_configuration_descriptor(libusb_device* device);

}  // namespace readerkit::ccid::detail
