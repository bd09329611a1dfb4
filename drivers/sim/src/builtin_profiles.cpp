// SPDX-License-Identifier: MIT
// Built-in profiles (drivers/sim/profiles/*.json, embedded at build time, parsed once) and file
// loading.
#include <array>
#include <map>
#include <mutex>
#include <string_view>
#include <utility>

#include "bounded_file.hpp"
#include "profile.hpp"

namespace readerkit::sim {
namespace detail {
extern const std::array<std::pair<std::string_view, std::string_view>, 8> kBuiltinProfileJson;
}  // namespace detail

namespace {

bool looks_like_path(const std::string& s) {
  return s.find('/') != std::string::npos ||
         (s.size() > 5 && s.compare(s.size() - 5, 5, ".json") == 0);
}

/// Every built-in profile, parsed the first time one is asked for: a card insertion copies a
/// Profile instead of parsing JSON again (docs/performance.md "Memory per device").
const std::map<std::string_view, Profile>& parsed_builtins() {
  static std::map<std::string_view, Profile> parsed;
  static std::once_flag once;
  std::call_once(once, [] {
    for (const auto& [name, text] : detail::kBuiltinProfileJson) {
      std::string error;
      if (auto p = parse_profile(std::string(text), error)) parsed.emplace(name, std::move(*p));
    }
  });
  return parsed;
}

}  // namespace

std::vector<std::string> builtin_profile_names() {
  std::vector<std::string> names;
  for (const auto& [name, text] : detail::kBuiltinProfileJson) names.emplace_back(name);
  return names;
}

std::optional<Profile> load_profile(const std::string& name_or_path, std::string& error) {
  if (looks_like_path(name_or_path)) {
    std::string why;
    auto text = read_bounded_file(name_or_path, kMaxProfileFile, why);
    if (!text) {
      error = "cannot read profile file '" + name_or_path + "': " + why;
      return std::nullopt;
    }
    return parse_profile(*text, error);
  }
  const auto& builtins = parsed_builtins();
  if (const auto it = builtins.find(name_or_path); it != builtins.end()) return it->second;
  std::string known;
  for (const auto& n : builtin_profile_names()) known += (known.empty() ? "" : ", ") + n;
  error = "unknown profile '" + name_or_path + "' (built-in: " + known + "; or a .json path)";
  return std::nullopt;
}

}  // namespace readerkit::sim
