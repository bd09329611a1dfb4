// SPDX-License-Identifier: MIT
// A program outside ReaderKit's tree, built against an installed ReaderKit: the core
// library always, the drivers component when READERKIT_WITH_DRIVERS is defined.
#include <array>
#include <cstdio>

#include <readerkit/atr.hpp>
#include <readerkit/version.hpp>
#ifdef READERKIT_WITH_DRIVERS
#include <readerkit/drivers/registry.hpp>
#endif

int main() {
  const std::array<std::byte, 2> atr{std::byte{0x3B}, std::byte{0x00}};
  const readerkit::AtrInfo info = readerkit::decode_atr(atr);
  std::printf("readerkit %.*s, ATR 3B00 declares %zu bytes\n",
              static_cast<int>(readerkit::kVersionString.size()), readerkit::kVersionString.data(),
              info.declared_length);
  if (info.declared_length != 2) return 1;
#ifdef READERKIT_WITH_DRIVERS
  const readerkit::drivers::OpenResult opened = readerkit::drivers::open_reader("sim");
  if (!opened.reader) {
    std::printf("sim reader: %s\n", opened.error.c_str());
    return 1;
  }
  std::printf("sim reader with %zu slot(s)\n", opened.reader->slot_count());
#endif
  return 0;
}
