// SPDX-License-Identifier: MIT
// Historical bytes of an ATR (ISO/IEC 7816-4 §8.1.1): the category indicator, the compact-TLV
// objects it introduces and the card's status indicator; the bit meanings of card service data
// and card capabilities as named flags. docs/protocol.md "Historical bytes".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "readerkit/bytes.hpp"

namespace readerkit {

/// How the historical bytes are organised, from their first byte (the category indicator).
enum class HistoricalFormat {
  absent,                   // no historical bytes
  compact_tlv_and_status,   // 00: compact-TLV objects, then a 3-byte status indicator
  dir_data_reference,       // 10: the next byte is a DIR data reference
  compact_tlv,              // 80: compact-TLV objects (status indicator, if any, as tag 8)
  rfu,                      // 81..8F
  proprietary,              // any other first byte
};

/// Compact-TLV tags of the historical bytes (high nibble of the object's first byte).
enum class CompactTag : std::uint8_t {
  country_code = 0x1,
  issuer_identification = 0x2,
  card_service_data = 0x3,
  initial_access_data = 0x4,
  card_issuer_data = 0x5,
  pre_issuing_data = 0x6,
  card_capabilities = 0x7,
  status_indicator = 0x8,
  application_identifier = 0xF,
};

/// One compact-TLV object: tag nibble and its value bytes.
struct CompactTlvObject {
  std::uint8_t tag = 0;
  Bytes value;
};

/// Life cycle status byte and/or status word (ISO/IEC 7816-4 §8.1.1.3).
struct StatusIndicator {
  std::optional<std::uint8_t> lcs;
  std::optional<std::uint16_t> sw;
};

/// The historical bytes decoded as far as their category says.
struct HistoricalBytes {
  HistoricalFormat format = HistoricalFormat::absent;
  std::uint8_t category = 0;
  std::vector<CompactTlvObject> objects;
  std::optional<StatusIndicator> status;
  std::optional<std::uint8_t> dir_data_reference;
  /// A compact-TLV object runs past the end, or a category 00 lacks its status bytes.
  bool malformed = false;
};

/// Decodes the historical bytes (the ATR decoder's `historical_bytes`). Never fails: what
/// does not fit the category's layout sets `malformed` and is left out.
HistoricalBytes decode_historical_bytes(std::span<const std::byte> bytes);

/// "compact-tlv-and-status", "dir-data-reference", "compact-tlv", "rfu", "proprietary", "absent".
std::string_view historical_format_name(HistoricalFormat f);

/// "card_service_data" etc.; "rfu" for an unassigned tag.
std::string_view compact_tag_name(std::uint8_t tag);

/// "creation", "initialisation", "operational (activated)", ... ; "no information" for 00 and
/// "proprietary" for values ISO/IEC 7816-4 leaves to the card.
std::string_view life_cycle_name(std::uint8_t lcs);

/// The named features of a card service data byte (tag 3), e.g. "select-by-full-df-name",
/// "ef-dir-access-read-binary", "no-mf".
std::vector<std::string_view> card_service_data_flags(std::uint8_t b);

/// The named features of the card capabilities (tag 7: up to three bytes: selection methods,
/// data coding byte, command chaining / length fields / logical channels).
std::vector<std::string> card_capabilities_flags(std::span<const std::byte> value);

}  // namespace readerkit
