// SPDX-License-Identifier: MIT
// Names of the callback table slots (docs/contract/ioctl.md §3).
#include "readerkit/driver.hpp"

#include <array>

namespace readerkit {
namespace {

// Slots 12..15 are reserved by smclib and have no name; 10 and 11 are ReaderKit's PIN pad slots.
constexpr std::array<std::string_view, 12> kRdfNames{
    "RDF_CARD_POWER",    "RDF_TRANSMIT",     "RDF_CARD_EJECT",  "RDF_READER_SWALLOW",
    "RDF_CARD_TRACKING", "RDF_SET_PROTOCOL", "RDF_DEBUG_LEVEL", "RDF_CARD_CONFISCATE",
    "RDF_IOCTL_VENDOR",  "RDF_ATR_PARSE",    "RDF_PIN_ENTRY",   "RDF_PIN_OPERATION",
};

}  // namespace

std::string_view rdf_name(Rdf slot) {
  const auto index = static_cast<std::size_t>(slot);
  return index < kRdfNames.size() ? kRdfNames[index] : std::string_view{};
}

}  // namespace readerkit
