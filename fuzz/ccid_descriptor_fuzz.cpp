// SPDX-License-Identifier: MIT
// Fuzz target: the USB descriptors a CCID reader presents. The input is the "extra" bytes of
// an interface descriptor (a chain of bLength-prefixed descriptors, as libusb hands them over);
// every descriptor in the chain goes through the class descriptor parser (USB CCID rev 1.1
// §5.1), and a parsed one through the decoders `readerkit list` prints (text and JSON).
// Invariants: parsing ends in a value or DEVICE_PROTOCOL_ERROR; a parsed descriptor has at
// least one slot and decodes without failure.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "readerkit/ccid/descriptor.hpp"

using namespace readerkit;
using namespace readerkit::ccid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::byte> rest(reinterpret_cast<const std::byte*>(data), size);
  // The whole input as one descriptor first: the parser must not trust bLength.
  (void)parse_class_descriptor(rest);
  while (rest.size() >= 2) {
    const auto length = std::to_integer<std::size_t>(rest[0]);
    if (length < 2 || length > rest.size()) break;
    auto d = parse_class_descriptor(rest.first(length));
    if (d) {
      if (d->slot_count() < 1) std::abort();
      (void)d->exchange_level();
      if (describe(*d).empty() || to_json(*d).empty()) std::abort();
      (void)feature_names(d->dwFeatures);
    } else if (d.status() != Status::DEVICE_PROTOCOL_ERROR) {
      std::abort();
    }
    rest = rest.subspan(length);
  }
  return 0;
}
