// SPDX-License-Identifier: MIT
// Reader and card attribute ids, SCARD_ATTR_VALUE(class, tag) (docs/contract/ioctl.md §5).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace readerkit {

constexpr std::uint32_t SCARD_ATTR_VALUE(std::uint32_t cls, std::uint32_t tag) {
  return cls << 16 | tag;
}

inline constexpr std::uint32_t SCARD_ATTR_VENDOR_NAME = 0x00010100;
inline constexpr std::uint32_t SCARD_ATTR_VENDOR_IFD_TYPE = 0x00010101;
inline constexpr std::uint32_t SCARD_ATTR_VENDOR_IFD_VERSION = 0x00010102;
inline constexpr std::uint32_t SCARD_ATTR_VENDOR_IFD_SERIAL_NO = 0x00010103;
inline constexpr std::uint32_t SCARD_ATTR_CHANNEL_ID = 0x00020110;
inline constexpr std::uint32_t SCARD_ATTR_PROTOCOL_TYPES = 0x00030120;
inline constexpr std::uint32_t SCARD_ATTR_DEFAULT_CLK = 0x00030121;
inline constexpr std::uint32_t SCARD_ATTR_MAX_CLK = 0x00030122;
inline constexpr std::uint32_t SCARD_ATTR_DEFAULT_DATA_RATE = 0x00030123;
inline constexpr std::uint32_t SCARD_ATTR_MAX_DATA_RATE = 0x00030124;
inline constexpr std::uint32_t SCARD_ATTR_MAX_IFSD = 0x00030125;
inline constexpr std::uint32_t SCARD_ATTR_POWER_MGMT_SUPPORT = 0x00040131;
inline constexpr std::uint32_t SCARD_ATTR_CHARACTERISTICS = 0x00060150;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_PROTOCOL_TYPE = 0x00080201;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_CLK = 0x00080202;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_F = 0x00080203;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_D = 0x00080204;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_N = 0x00080205;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_W = 0x00080206;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_IFSC = 0x00080207;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_IFSD = 0x00080208;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_BWT = 0x00080209;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_CWT = 0x0008020A;
inline constexpr std::uint32_t SCARD_ATTR_CURRENT_EBC_ENCODING = 0x0008020B;
inline constexpr std::uint32_t SCARD_ATTR_EXTENDED_BWT = 0x0008020C;
inline constexpr std::uint32_t SCARD_ATTR_ICC_PRESENCE = 0x00090300;
inline constexpr std::uint32_t SCARD_ATTR_ICC_INTERFACE_STATUS = 0x00090301;
inline constexpr std::uint32_t SCARD_ATTR_ATR_STRING = 0x00090303;
inline constexpr std::uint32_t SCARD_ATTR_DEVICE_UNIT = 0x7FFF0001;
inline constexpr std::uint32_t SCARD_ATTR_DEVICE_IN_USE = 0x7FFF0002;
inline constexpr std::uint32_t SCARD_ATTR_SUPRESS_T1_IFS_REQUEST = 0x7FFF0007;
inline constexpr std::uint32_t SCARD_PERF_NUM_TRANSMISSIONS = 0x7FFE0001;
inline constexpr std::uint32_t SCARD_PERF_BYTES_TRANSMITTED = 0x7FFE0002;
inline constexpr std::uint32_t SCARD_PERF_TRANSMISSION_TIME = 0x7FFE0003;

/// Short name without the SCARD_ATTR_ / SCARD_ prefix, e.g. "ATR_STRING",
/// "PERF_NUM_TRANSMISSIONS"; empty for an id the library does not know.
std::string_view attribute_name(std::uint32_t id);

/// Parses "ATR_STRING", "SCARD_ATTR_ATR_STRING" or a number ("0x00090303") to an id.
std::optional<std::uint32_t> attribute_from_name(std::string_view text);

}  // namespace readerkit
