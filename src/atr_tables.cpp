// SPDX-License-Identifier: MIT
// The Fi/fmax and Di tables of ISO/IEC 7816-3 (tables 7 and 8; data in detail/atr_tables.hpp),
// and AtrError names.
#include <array>
#include <string_view>

#include "detail/atr_tables.hpp"
#include "readerkit/atr.hpp"

namespace readerkit {
namespace {

constexpr std::array<std::string_view, 10> kErrorCodes{
    "",          "bad-ts",     "truncated", "too-long", "trailing-bytes", "tck-missing",
    "tck-wrong", "t15-in-td1", "rfu-fi-di", "rfu-value"};

}  // namespace

std::optional<std::uint32_t> fi_value(std::uint8_t fi_index) {
  return detail::fi_of(fi_index);
}

std::optional<std::uint32_t> fmax_khz_value(std::uint8_t fi_index) {
  return detail::fmax_khz_of(fi_index);
}

std::optional<std::uint32_t> di_value(std::uint8_t di_index) {
  return detail::di_of(di_index);
}

std::string_view atr_error_code(AtrError e) {
  const auto i = static_cast<std::size_t>(e);
  return i < kErrorCodes.size() ? kErrorCodes[i] : std::string_view{};
}

}  // namespace readerkit
