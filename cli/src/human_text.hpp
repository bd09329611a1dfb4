// SPDX-License-Identifier: MIT
// Building blocks of the human output: labelled lines, and the decoders that turn ATRs, IOCTL
// outputs, attribute values and status words into words.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "records.hpp"

namespace readerkit::cli {

/// One labelled line; `indent` counts levels of two spaces.
struct TextLine {
  std::string label;
  std::string value;
  int indent = 1;
};
using TextBlock = std::vector<TextLine>;

/// The ATR decoded field by field, in the manner of ATR_analysis: one line per byte (TS, T0,
/// TAi..TDi, historical bytes, TCK), then the values in use.
TextBlock atr_text(const AtrRecord& a);

/// The historical bytes' category, compact-TLV objects and status indicator, indented under
/// the ATR decode's "historical" line.
void add_historical_text(TextBlock& t, std::span<const std::byte> bytes);

/// The card's names from smartcard_list.txt (one line per description line).
void add_card_names_text(TextBlock& t, const CardNames& names);

/// What a request's output means: the ATR of a reset, the selected protocol, the state, the
/// last error, the counters, an attribute value, the response APDU and its status word.
TextBlock output_text(const RequestRecord& r);

/// An attribute's value in words ("ReaderKit", "3580 kHz", "T0,T1", ...).
std::string attribute_value_text(std::uint32_t id, std::span<const std::byte> value);

/// What a status word means ("success", "wrong length", "61xx: 16 bytes available").
std::string status_word_text(std::uint8_t sw1, std::uint8_t sw2);

}  // namespace readerkit::cli
