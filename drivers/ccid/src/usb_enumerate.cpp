// SPDX-License-Identifier: MIT
// Finding CCID interfaces with libusb: class 0x0B interfaces and their class descriptor
// (the "extra" bytes of the interface descriptor, CCID §5.1), and opening the one a SPEC names.
#include "libusb_transport.hpp"
#include "readerkit/ccid/usbmon_transport.hpp"
#include "usb_raw_descriptors.hpp"

namespace readerkit::ccid {
namespace {

using detail::usb_context;

std::string string_descriptor(libusb_device_handle* h, std::uint8_t index) {
  if (h == nullptr || index == 0) return {};
  unsigned char text[256] = {};
  int n = libusb_get_string_descriptor_ascii(h, index, text, sizeof text);
  return n > 0 ? std::string(reinterpret_cast<char*>(text), static_cast<std::size_t>(n)) : "";
}

// The 54-byte functional descriptor among the interface's extra descriptors.
std::optional<ClassDescriptor> class_descriptor(const libusb_interface_descriptor& alt) {
  const auto* extra = reinterpret_cast<const std::byte*>(alt.extra);
  std::span<const std::byte> rest(extra, static_cast<std::size_t>(std::max(alt.extra_length, 0)));
  while (rest.size() >= 2) {
    const auto length = std::to_integer<std::size_t>(rest[0]);
    if (length < 2 || length > rest.size()) break;
    if (auto d = parse_class_descriptor(rest.first(length))) return *d;
    rest = rest.subspan(length);
  }
  return std::nullopt;
}

struct Found {
  UsbReaderInfo info;
  libusb_device* device = nullptr;
};

// Every class 0x0B interface of `device`, with identity strings when the device can be opened.
void scan(libusb_device* device, std::vector<Found>& out) {
  libusb_device_descriptor dd{};
  if (libusb_get_device_descriptor(device, &dd) != 0) return;
  libusb_config_descriptor* config = nullptr;
  if (libusb_get_active_config_descriptor(device, &config) != 0) return;
  for (int i = 0; i < config->bNumInterfaces; ++i) {
    const auto& alt = config->interface[i].altsetting[0];
    if (alt.bInterfaceClass != kInterfaceClassCcid) continue;
    auto descriptor = class_descriptor(alt);
    if (!descriptor) continue;
    Found f;
    f.device = device;
    auto& id = f.info.identity;
    id.vendor_id = dd.idVendor;
    id.product_id = dd.idProduct;
    id.bcd_device = dd.bcdDevice;
    id.bus = libusb_get_bus_number(device);
    id.address = libusb_get_device_address(device);
    id.interface_number = alt.bInterfaceNumber;
    libusb_device_handle* h = nullptr;
    if (libusb_open(device, &h) == 0) {
      id.manufacturer = string_descriptor(h, dd.iManufacturer);
      id.product = string_descriptor(h, dd.iProduct);
      id.serial = string_descriptor(h, dd.iSerialNumber);
      libusb_close(h);
    }
    f.info.descriptor = *descriptor;
    f.info.quirks = find_quirks(dd.idVendor, dd.idProduct);
    out.push_back(std::move(f));
  }
  libusb_free_config_descriptor(config);
}

bool matches(const UsbMatch& m, const UsbIdentity& id) {
  return (!m.vendor_id || *m.vendor_id == id.vendor_id) &&
         (!m.product_id || *m.product_id == id.product_id) &&
         (!m.serial || *m.serial == id.serial) && (!m.bus || *m.bus == id.bus) &&
         (!m.address || *m.address == id.address) &&
         (!m.interface_number || *m.interface_number == id.interface_number);
}

// `usbmon=FILE`: the transport wrapped in the decorator that writes its transfers to FILE,
// named by the device's bus, address and descriptors; nullptr with `error` set.
std::unique_ptr<UsbTransport> with_usbmon(std::unique_ptr<UsbTransport> transport,
                                          const Found& f, const std::string& file,
                                          std::string& error) {
  libusb_device_descriptor dd{};
  auto config = detail::active_configuration_descriptor(f.device);
  if (libusb_get_device_descriptor(f.device, &dd) != 0 || !config) {
    error = "usbmon: cannot read the descriptors of the reader";
    return nullptr;
  }
  const auto& id = f.info.identity;
  UsbmonDevice device{id.bus, id.address, id.interface_number, detail::raw_device_descriptor(dd),
                      std::move(*config)};
  PcapWriterOptions options;
  options.path = file;
  return UsbmonTransport::open(std::move(transport), device, std::move(options), error);
}

}  // namespace

std::vector<UsbReaderInfo> list_usb_readers(std::string& error) {
  auto context = usb_context(error);
  if (!context) return {};
  libusb_device** list = nullptr;
  const auto n = libusb_get_device_list(context.get(), &list);
  if (n < 0) {
    error = std::string("libusb_get_device_list: ") + libusb_error_name(static_cast<int>(n));
    return {};
  }
  std::vector<Found> found;
  for (ssize_t i = 0; i < n; ++i) scan(list[i], found);
  libusb_free_device_list(list, 1);
  std::vector<UsbReaderInfo> out;
  for (auto& f : found) out.push_back(std::move(f.info));
  return out;
}

std::unique_ptr<Reader> open_usb_reader(const std::vector<std::string>& fields,
                                        const CcidOptions& options, std::string& error) {
  auto match = parse_usb_spec(fields, error);
  if (!match) return nullptr;
  auto context = usb_context(error);
  if (!context) return nullptr;
  libusb_device** list = nullptr;
  const auto n = libusb_get_device_list(context.get(), &list);
  if (n < 0) {
    error = std::string("libusb_get_device_list: ") + libusb_error_name(static_cast<int>(n));
    return nullptr;
  }
  std::vector<Found> found;
  for (ssize_t i = 0; i < n; ++i) scan(list[i], found);
  std::unique_ptr<Reader> reader;
  error = "usb: no CCID reader matches";
  for (const auto& f : found) {
    if (!matches(*match, f.info.identity)) continue;
    std::unique_ptr<UsbTransport> transport = detail::LibusbTransport::open(
        context, f.device, f.info.identity.interface_number, error);
    if (transport && !match->usbmon.empty()) {
      transport = with_usbmon(std::move(transport), f, match->usbmon, error);
    }
    if (!transport) break;
    CcidOptions o = options;
    o.allow_escape = options.allow_escape || match->allow_escape;
    error.clear();
    reader = make_ccid_reader(std::move(transport), f.info.descriptor, f.info.identity, o, error);
    break;
  }
  libusb_free_device_list(list, 1);
  return reader;
}

}  // namespace readerkit::ccid
