// SPDX-License-Identifier: MIT
// Names of the attribute ids of docs/contract/ioctl.md §5.
#include "readerkit/attribute.hpp"

#include <array>

#include "detail/text.hpp"

namespace readerkit {
namespace {

struct AttributeName {
  std::uint32_t id;
  std::string_view name;  // without the SCARD_ATTR_ / SCARD_ prefix
};

constexpr std::array<AttributeName, 35> kAttributes{{
    {SCARD_ATTR_VENDOR_NAME, "VENDOR_NAME"},
    {SCARD_ATTR_VENDOR_IFD_TYPE, "VENDOR_IFD_TYPE"},
    {SCARD_ATTR_VENDOR_IFD_VERSION, "VENDOR_IFD_VERSION"},
    {SCARD_ATTR_VENDOR_IFD_SERIAL_NO, "VENDOR_IFD_SERIAL_NO"},
    {SCARD_ATTR_CHANNEL_ID, "CHANNEL_ID"},
    {SCARD_ATTR_PROTOCOL_TYPES, "PROTOCOL_TYPES"},
    {SCARD_ATTR_DEFAULT_CLK, "DEFAULT_CLK"},
    {SCARD_ATTR_MAX_CLK, "MAX_CLK"},
    {SCARD_ATTR_DEFAULT_DATA_RATE, "DEFAULT_DATA_RATE"},
    {SCARD_ATTR_MAX_DATA_RATE, "MAX_DATA_RATE"},
    {SCARD_ATTR_MAX_IFSD, "MAX_IFSD"},
    {SCARD_ATTR_POWER_MGMT_SUPPORT, "POWER_MGMT_SUPPORT"},
    {SCARD_ATTR_CHARACTERISTICS, "CHARACTERISTICS"},
    {SCARD_ATTR_CURRENT_PROTOCOL_TYPE, "CURRENT_PROTOCOL_TYPE"},
    {SCARD_ATTR_CURRENT_CLK, "CURRENT_CLK"},
    {SCARD_ATTR_CURRENT_F, "CURRENT_F"},
    {SCARD_ATTR_CURRENT_D, "CURRENT_D"},
    {SCARD_ATTR_CURRENT_N, "CURRENT_N"},
    {SCARD_ATTR_CURRENT_W, "CURRENT_W"},
    {SCARD_ATTR_CURRENT_IFSC, "CURRENT_IFSC"},
    {SCARD_ATTR_CURRENT_IFSD, "CURRENT_IFSD"},
    {SCARD_ATTR_CURRENT_BWT, "CURRENT_BWT"},
    {SCARD_ATTR_CURRENT_CWT, "CURRENT_CWT"},
    {SCARD_ATTR_CURRENT_EBC_ENCODING, "CURRENT_EBC_ENCODING"},
    {SCARD_ATTR_EXTENDED_BWT, "EXTENDED_BWT"},
    {SCARD_ATTR_ICC_PRESENCE, "ICC_PRESENCE"},
    {SCARD_ATTR_ICC_INTERFACE_STATUS, "ICC_INTERFACE_STATUS"},
    {SCARD_ATTR_ATR_STRING, "ATR_STRING"},
    {SCARD_ATTR_DEVICE_UNIT, "DEVICE_UNIT"},
    {SCARD_ATTR_DEVICE_IN_USE, "DEVICE_IN_USE"},
    {SCARD_ATTR_SUPRESS_T1_IFS_REQUEST, "SUPRESS_T1_IFS_REQUEST"},
    {SCARD_PERF_NUM_TRANSMISSIONS, "PERF_NUM_TRANSMISSIONS"},
    {SCARD_PERF_BYTES_TRANSMITTED, "PERF_BYTES_TRANSMITTED"},
    {SCARD_PERF_TRANSMISSION_TIME, "PERF_TRANSMISSION_TIME"},
    // The Windows headers spell the attribute with one P; accept the corrected spelling too.
    {SCARD_ATTR_SUPRESS_T1_IFS_REQUEST, "SUPPRESS_T1_IFS_REQUEST"},
}};

}  // namespace

std::string_view attribute_name(std::uint32_t id) {
  for (const auto& row : kAttributes) {
    if (row.id == id) return row.name;  // first row wins: the Windows spelling
  }
  return {};
}

std::optional<std::uint32_t> attribute_from_name(std::string_view text) {
  if (auto number = detail::parse_u32(text)) return number;
  std::string_view bare = detail::strip_prefix(text, "SCARD_ATTR_");
  if (bare.size() == text.size()) bare = detail::strip_prefix(text, "SCARD_");
  for (const auto& row : kAttributes) {
    if (detail::iequals(bare, row.name)) return row.id;
  }
  return std::nullopt;
}

}  // namespace readerkit
