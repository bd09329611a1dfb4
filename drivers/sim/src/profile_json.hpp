// SPDX-License-Identifier: MIT
// Helpers shared by the profile loader's parts (profile.cpp, profile_filesystem.cpp).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "readerkit/bytes.hpp"

namespace readerkit::sim::detail {

/// Thrown inside the loader only; parse_profile() turns it into its error string.
struct ProfileError {
  std::string message;
};

/// Refuses keys outside `allowed` (typos in a profile should not pass silently).
void check_keys(const nlohmann::json& object, std::string_view where,
                std::initializer_list<std::string_view> allowed);

/// An unsigned integer in [0, max].
std::uint32_t get_uint(const nlohmann::json& value, std::string_view what, std::uint32_t max);

/// A hex string ("3B 9F ..." or "3b9f") as bytes.
Bytes get_hex(const nlohmann::json& value, std::string_view what);

/// A string.
std::string get_string(const nlohmann::json& value, std::string_view what);

}  // namespace readerkit::sim::detail
