// SPDX-License-Identifier: MIT
// SPEC field parsing for the vpcd reader (docs/contract/cli.md "Reader SPEC"): positional HOST and
// PORT (after an optional "connect"), then key=value options, each checked against a table.
#include <array>
#include <charconv>
#include <functional>
#include <string_view>

#include "readerkit/vpcd/vpcd_reader.hpp"

namespace readerkit::vpcd {
namespace {

bool parse_number(std::string_view text, std::uint64_t min, std::uint64_t max,
                  std::uint64_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size() && out >= min && out <= max;
}

struct OptionRow {
  std::string_view key;
  std::uint64_t min, max;
  std::function<void(VpcdConfig&, std::uint64_t)> apply;
};

const std::array kOptions{
    OptionRow{"slots", 1, 16, [](VpcdConfig& c, std::uint64_t v) { c.slots = v; }},
    OptionRow{"timeout", 1, 600'000,
              [](VpcdConfig& c, std::uint64_t v) { c.timeout = std::chrono::milliseconds(v); }},
    OptionRow{"reconnect", 1, 600'000,
              [](VpcdConfig& c, std::uint64_t v) { c.reconnect = std::chrono::milliseconds(v); }},
};

bool apply_option(std::string_view field, VpcdConfig& config, std::string& error) {
  const auto eq = field.find('=');
  const std::string_view key = field.substr(0, eq);
  for (const auto& row : kOptions) {
    if (row.key != key) continue;
    std::uint64_t value = 0;
    if (eq == std::string_view::npos || !parse_number(field.substr(eq + 1), row.min, row.max, value)) {
      error = "vpcd: '" + std::string(key) + "' needs a number in " + std::to_string(row.min) +
              ".." + std::to_string(row.max);
      return false;
    }
    row.apply(config, value);
    return true;
  }
  error = "vpcd: unknown option '" + std::string(field) + "' (known: slots, timeout, reconnect)";
  return false;
}

}  // namespace

bool parse_vpcd_fields(const std::vector<std::string>& fields, VpcdConfig& config,
                       std::string& error) {
  std::size_t i = 0;
  if (i < fields.size() && fields[i] == "connect") {
    config.reversed = true;
    ++i;
  }
  // Positional fields end at the first key=value option.
  auto positional = [&] { return i < fields.size() && fields[i].find('=') == std::string::npos; };
  if (positional()) {
    if (!fields[i].empty()) config.host = fields[i];
    ++i;
  }
  if (positional()) {
    std::uint64_t port = 0;
    if (!parse_number(fields[i], config.reversed ? 1 : 0, 65535, port)) {
      error = "vpcd: bad port '" + fields[i] + "'";
      return false;
    }
    config.port = static_cast<std::uint16_t>(port);
    ++i;
  }
  for (; i < fields.size(); ++i) {
    if (!apply_option(fields[i], config, error)) return false;
  }
  if (config.port != 0 && config.port + config.slots - 1 > 65535) {
    error = "vpcd: ports " + std::to_string(config.port) + "+" + std::to_string(config.slots) +
            " exceed 65535";
    return false;
  }
  return true;
}

}  // namespace readerkit::vpcd
