// SPDX-License-Identifier: MIT
#include "handler_options.hpp"

#include <array>
#include <charconv>
#include <functional>

#include "readerkit/drivers/registry.hpp"

namespace readerkit::ifd {
namespace {

// Returns false for a value the option does not accept.
using OptionSetter = std::function<bool(std::string_view value, HandlerOptions&)>;

struct OptionRow {
  std::string_view key;
  OptionSetter set;
};

bool set_vendor(std::string_view value, HandlerOptions& options) {
  if (value != "allow" && value != "deny") return false;
  options.vendor_allowed = value == "allow";
  return true;
}

bool set_log(std::string_view value, HandlerOptions& options) {
  int base = 10;
  if (value.starts_with("0x") || value.starts_with("0X")) {
    value.remove_prefix(2);
    base = 16;
  }
  std::uint32_t mask = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), mask, base);
  if (ec != std::errc{} || end != value.data() + value.size() || value.empty()) return false;
  options.log_mask = mask;
  return true;
}

// pcscd runs with / as its directory: a relative path would be a surprise.
bool set_pcap(std::string_view value, HandlerOptions& options) {
  if (!value.starts_with('/')) return false;
  options.pcap = std::string(value);
  return true;
}

bool set_pcap_max_mb(std::string_view value, HandlerOptions& options) {
  std::uint32_t mb = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), mb);
  if (ec != std::errc{} || end != value.data() + value.size() || mb < 1 || mb > 4096) return false;
  options.pcap_max_bytes = std::uint64_t{mb} << 20;
  return true;
}

bool set_pcap_mask(std::string_view value, HandlerOptions& options) {
  if (value != "on" && value != "off") return false;
  options.pcap_mask = value == "on";
  return true;
}

// Adding a handler option is adding a row (and a line in docs/ifdhandler.md).
const std::array kOptions{
    OptionRow{"vendor", set_vendor},
    OptionRow{"log", set_log},
    OptionRow{"pcap", set_pcap},
    OptionRow{"pcap_max_mb", set_pcap_max_mb},
    OptionRow{"pcap_mask", set_pcap_mask},
};

const OptionRow* find_option(std::string_view key) {
  for (const auto& row : kOptions) {
    if (row.key == key) return &row;
  }
  return nullptr;
}

}  // namespace

ParsedDeviceName parse_device_name(std::string_view device_name) {
  const drivers::ReaderSpec spec = drivers::parse_reader_spec(device_name);
  ParsedDeviceName out;
  out.kind = spec.kind;
  out.driver_spec = spec.kind;
  for (const std::string& field : spec.fields) {
    const auto eq = field.find('=');
    const OptionRow* row =
        eq == std::string::npos ? nullptr : find_option(std::string_view(field).substr(0, eq));
    if (row == nullptr) {
      out.driver_spec += ':';
      out.driver_spec += field;
      continue;
    }
    if (!row->set(std::string_view(field).substr(eq + 1), out.options) && out.error.empty()) {
      out.error = "bad value in handler option '" + field + "'";
    }
  }
  return out;
}

}  // namespace readerkit::ifd
