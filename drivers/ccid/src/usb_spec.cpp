// SPDX-License-Identifier: MIT
// The `usb` reader SPEC and the DEVICENAME forms pcscd passes for hot-plugged readers
// (pcsc-lite's hotplug_libudev.c "usb:%04x/%04x:libudev:%d:%s" and hotplug_libusb.c
// "usb:%04x/%04x:libusb-1.0:%d:%d:%d").
#include <array>
#include <charconv>
#include <string_view>

#include "readerkit/ccid/ccid_reader.hpp"

namespace readerkit::ccid {
namespace {

template <class T>
std::optional<T> number(std::string_view text, int base) {
  T value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, base);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

// "08e6/4433" or the two fields "08e6", "4433".
bool parse_ids(std::string_view vid, std::string_view pid, UsbMatch& m) {
  m.vendor_id = number<std::uint16_t>(vid, 16);
  m.product_id = number<std::uint16_t>(pid, 16);
  return m.vendor_id && m.product_id;
}

// /dev/bus/usb/BBB/DDD → bus, address.
bool parse_devnode(std::string_view path, UsbMatch& m) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  const auto prev = path.rfind('/', slash - 1);
  if (prev == std::string_view::npos) return false;
  m.bus = number<std::uint8_t>(path.substr(prev + 1, slash - prev - 1), 10);
  m.address = number<std::uint8_t>(path.substr(slash + 1), 10);
  return m.bus && m.address;
}

bool parse_pcscd_form(const std::vector<std::string>& f, UsbMatch& m) {
  const auto slash = f[0].find('/');
  if (!parse_ids(std::string_view(f[0]).substr(0, slash),
                 std::string_view(f[0]).substr(slash + 1), m)) {
    return false;
  }
  if (f.size() == 1) return true;
  if (f[1] == "libudev" && f.size() >= 4) {
    m.interface_number = number<std::uint8_t>(f[2], 10);
    return m.interface_number && parse_devnode(f[3], m);
  }
  if (f[1] == "libusb-1.0" && f.size() >= 5) {
    m.bus = number<std::uint8_t>(f[2], 10);
    m.address = number<std::uint8_t>(f[3], 10);
    m.interface_number = number<std::uint8_t>(f[4], 10);
    return m.bus && m.address && m.interface_number;
  }
  return false;
}

// The `key=value` options of the SPEC; false for a value the option does not take.
struct OptionRow {
  std::string_view key;
  bool (*apply)(std::string_view value, UsbMatch& m);
};
bool set_escape(std::string_view value, UsbMatch& m) {
  m.allow_escape = value == "allow";
  return m.allow_escape;
}
bool set_usbmon(std::string_view file, UsbMatch& m) {
  m.usbmon = std::string(file);
  return !file.empty();
}
constexpr std::array kOptions{OptionRow{"escape", set_escape}, OptionRow{"usbmon", set_usbmon}};

bool apply_option(std::string_view field, UsbMatch& m) {
  const auto eq = field.find('=');
  for (const auto& row : kOptions) {
    if (field.substr(0, eq) == row.key) return row.apply(field.substr(eq + 1), m);
  }
  return false;
}

}  // namespace

std::optional<UsbMatch> parse_usb_spec(const std::vector<std::string>& fields,
                                       std::string& error) {
  UsbMatch m;
  std::vector<std::string> positional;
  for (const auto& f : fields) {
    if (f.find('=') == std::string::npos) {
      positional.push_back(f);
    } else if (!apply_option(f, m)) {
      error = "usb: bad option '" + f + "' (options: escape=allow, usbmon=FILE)";
      return std::nullopt;
    }
  }
  bool ok = true;
  if (positional.empty()) {
    ok = true;
  } else if (positional[0].find('/') != std::string::npos) {
    ok = parse_pcscd_form(positional, m);
  } else if (positional.size() == 2 || positional.size() == 3) {
    ok = parse_ids(positional[0], positional[1], m);
    if (positional.size() == 3) m.serial = positional[2];
  } else {
    ok = false;
  }
  if (!ok) {
    error = "usb: expected usb[:VID:PID[:SERIAL]] or usb:VID/PID:libudev:IFACE:DEVNODE or "
            "usb:VID/PID:libusb-1.0:BUS:ADDR:IFACE";
    return std::nullopt;
  }
  return m;
}

}  // namespace readerkit::ccid
