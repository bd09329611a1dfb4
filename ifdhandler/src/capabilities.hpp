// SPDX-License-Identifier: MIT
// IFDHGetCapabilities / IFDHSetCapabilities: the TAG_IFD_* tags pcscd asks about itself,
// answered by the handler, and every PC/SC attribute id, passed to the device as
// IOCTL_SMARTCARD_GET_ATTRIBUTE / SET_ATTRIBUTE (docs/contract/ioctl.md §5).
#pragma once

#include "pcsc_api.hpp"

#include <cstddef>
#include <span>

#include "reader_table.hpp"

namespace readerkit::ifd {

/// Writes the value of `tag` into `value`; `length` is its size (0 on any error).
RESPONSECODE get_capability(const Slot& slot, DWORD tag, std::span<std::byte> value,
                            std::size_t& length);

/// Sets an attribute through SET_ATTRIBUTE; handler tags are read-only.
RESPONSECODE set_capability(const Slot& slot, DWORD tag, std::span<const std::byte> value);

}  // namespace readerkit::ifd
