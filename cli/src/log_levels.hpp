// SPDX-License-Identifier: MIT
// The CLI's logging options mapped onto the library's debug levels (docs/contract/ioctl.md §6).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace readerkit::cli {

/// Mask for `-v` given `count` times: 1 errors, 2 + IOCTLs, 3 + ATR/protocol/driver, 4 + trace.
std::uint32_t verbosity_mask(int count);

/// Parses "ioctl,atr,protocol,driver,trace,error", "all", "none" or a number (0x3F).
std::optional<std::uint32_t> parse_log_levels(std::string_view text);

}  // namespace readerkit::cli
