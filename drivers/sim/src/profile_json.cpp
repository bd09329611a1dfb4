// SPDX-License-Identifier: MIT
#include "profile_json.hpp"

#include <algorithm>

namespace readerkit::sim::detail {

void check_keys(const nlohmann::json& object, std::string_view where,
                std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) throw ProfileError{std::string(where) + ": expected an object"};
  for (const auto& item : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
      throw ProfileError{std::string(where) + ": unknown key '" + item.key() + "'"};
    }
  }
}

std::uint32_t get_uint(const nlohmann::json& value, std::string_view what, std::uint32_t max) {
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > max) {
    throw ProfileError{std::string(what) + ": expected an integer 0.." + std::to_string(max)};
  }
  return value.get<std::uint32_t>();
}

Bytes get_hex(const nlohmann::json& value, std::string_view what) {
  if (value.is_string()) {
    if (auto bytes = from_hex(value.get<std::string>())) return *bytes;
  }
  throw ProfileError{std::string(what) + ": expected a hex string"};
}

std::string get_string(const nlohmann::json& value, std::string_view what) {
  if (!value.is_string()) throw ProfileError{std::string(what) + ": expected a string"};
  return value.get<std::string>();
}

}  // namespace readerkit::sim::detail
