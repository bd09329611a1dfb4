// SPDX-License-Identifier: MIT
// Historical bytes (ISO/IEC 7816-4 §8.1.1): category indicator, compact-TLV objects, status
// indicator, and the bit tables of card service data and card capabilities.
#include "readerkit/historical.hpp"

#include <array>
#include <string>

namespace readerkit {
namespace {

std::uint8_t u8(std::byte b) {
  return static_cast<std::uint8_t>(b);
}

HistoricalFormat format_of(std::uint8_t category) {
  if (category == 0x00) return HistoricalFormat::compact_tlv_and_status;
  if (category == 0x10) return HistoricalFormat::dir_data_reference;
  if (category == 0x80) return HistoricalFormat::compact_tlv;
  if (category > 0x80 && category <= 0x8F) return HistoricalFormat::rfu;
  return HistoricalFormat::proprietary;
}

// A status indicator's value: 1 byte LCS, 2 bytes SW1 SW2, 3 bytes LCS SW1 SW2 (§8.1.1.3).
std::optional<StatusIndicator> status_from(std::span<const std::byte> v) {
  StatusIndicator s;
  if (v.size() == 1 || v.size() == 3) s.lcs = u8(v[0]);
  if (v.size() >= 2)
    s.sw = static_cast<std::uint16_t>(u8(v[v.size() - 2]) << 8 | u8(v[v.size() - 1]));
  if (v.empty() || v.size() > 3) return std::nullopt;
  return s;
}

// Compact-TLV objects: first byte tag (high nibble) and length (low nibble), then the value.
void read_objects(std::span<const std::byte> b, HistoricalBytes& h) {
  std::size_t pos = 0;
  while (pos < b.size()) {
    const std::uint8_t head = u8(b[pos++]);
    const std::size_t length = head & 0x0F;
    if (length > b.size() - pos) {
      h.malformed = true;
      return;
    }
    CompactTlvObject object{static_cast<std::uint8_t>(head >> 4),
                            Bytes(b.begin() + static_cast<std::ptrdiff_t>(pos),
                                  b.begin() + static_cast<std::ptrdiff_t>(pos + length))};
    if (object.tag == static_cast<std::uint8_t>(CompactTag::status_indicator))
      h.status = status_from(object.value);
    h.objects.push_back(std::move(object));
    pos += length;
  }
}

struct BitName {
  std::uint8_t mask;
  std::string_view name;
};

// Card service data (§8.1.1.2.3, table 85).
constexpr std::array kServiceBits{
    BitName{0x80, "select-by-full-df-name"},
    BitName{0x40, "select-by-partial-df-name"},
    BitName{0x20, "bertlv-in-ef-dir"},
    BitName{0x10, "bertlv-in-ef-atr"},
};

// EF.DIR / EF.ATR access service, bits 4-2 of card service data.
std::string_view access_service_name(std::uint8_t bits) {
  switch (bits) {
    case 0b100:
      return "ef-dir-access-read-binary";
    case 0b000:
      return "ef-dir-access-read-record";
    case 0b010:
      return "ef-dir-access-get-data";
    default:
      return "ef-dir-access-rfu";
  }
}

// Card capabilities, first software function table: selection methods (table 86).
constexpr std::array kSelectionBits{
    BitName{0x80, "select-by-full-df-name"}, BitName{0x40, "select-by-partial-df-name"},
    BitName{0x20, "select-by-path"},         BitName{0x10, "select-by-file-id"},
    BitName{0x08, "implicit-df-selection"},  BitName{0x04, "short-ef-id"},
    BitName{0x02, "record-number"},          BitName{0x01, "record-identifier"},
};

// Third software function table (table 88): chaining, length fields, logical channels.
constexpr std::array kFeatureBits{
    BitName{0x80, "command-chaining"},
    BitName{0x40, "extended-lc-le"},
    BitName{0x20, "extended-length-info-in-ef-atr"},
    BitName{0x10, "channel-assignment-by-card"},
    BitName{0x08, "channel-assignment-by-ifd"},
};

// Second software function table (table 87): the data coding byte.
constexpr std::array<std::string_view, 4> kWriteBehaviour{"write-one-time", "write-proprietary",
                                                          "write-or", "write-and"};

template <std::size_t N>
void add_bits(const std::array<BitName, N>& table, std::uint8_t b, auto& out) {
  for (const BitName& bit : table)
    if ((b & bit.mask) != 0) out.emplace_back(bit.name);
}

void add_data_coding(std::uint8_t b, std::vector<std::string>& out) {
  if ((b & 0x80) != 0) out.emplace_back("ef-bertlv");
  out.emplace_back(kWriteBehaviour[(b >> 5) & 0x03]);
  out.emplace_back((b & 0x10) != 0 ? "tag-ff-valid" : "tag-ff-invalid");
  out.emplace_back("data-unit-quartets=" + std::to_string(1u << (b & 0x0F)));
}

void add_channels(std::uint8_t b, std::vector<std::string>& out) {
  add_bits(kFeatureBits, b, out);
  const unsigned channels = (b & 0x07) + 1u;
  out.emplace_back("logical-channels=" + std::to_string(channels) + (channels == 8 ? "+" : ""));
}

}  // namespace

HistoricalBytes decode_historical_bytes(std::span<const std::byte> bytes) {
  HistoricalBytes h;
  if (bytes.empty()) return h;
  h.category = u8(bytes[0]);
  h.format = format_of(h.category);
  const auto rest = bytes.subspan(1);
  switch (h.format) {
    case HistoricalFormat::compact_tlv_and_status:
      if (rest.size() < 3) {
        h.malformed = true;
        return h;
      }
      read_objects(rest.first(rest.size() - 3), h);
      h.status = status_from(rest.last(3));
      break;
    case HistoricalFormat::compact_tlv:
      read_objects(rest, h);
      break;
    case HistoricalFormat::dir_data_reference:
      if (rest.size() != 1) h.malformed = true;
      if (!rest.empty()) h.dir_data_reference = u8(rest[0]);
      break;
    default:
      break;
  }
  return h;
}

std::string_view historical_format_name(HistoricalFormat f) {
  static constexpr std::array<std::string_view, 6> kNames{
      "absent", "compact-tlv-and-status", "dir-data-reference", "compact-tlv", "rfu",
      "proprietary"};
  return kNames[static_cast<std::size_t>(f)];
}

std::string_view compact_tag_name(std::uint8_t tag) {
  static constexpr std::array<std::string_view, 16> kNames{
      "rfu",
      "country_code",
      "issuer_identification",
      "card_service_data",
      "initial_access_data",
      "card_issuer_data",
      "pre_issuing_data",
      "card_capabilities",
      "status_indicator",
      "rfu",
      "rfu",
      "rfu",
      "rfu",
      "rfu",
      "rfu",
      "application_identifier"};
  return kNames[tag & 0x0F];
}

std::string_view life_cycle_name(std::uint8_t lcs) {
  if (lcs == 0x00) return "no information";
  if (lcs == 0x01) return "creation";
  if (lcs == 0x03) return "initialisation";
  if (lcs == 0x05 || lcs == 0x07) return "operational (activated)";
  if (lcs == 0x04 || lcs == 0x06) return "operational (deactivated)";
  if (lcs >= 0x0C && lcs <= 0x0F) return "termination";
  if (lcs >= 0x10) return "proprietary";
  return "rfu";
}

std::vector<std::string_view> card_service_data_flags(std::uint8_t b) {
  std::vector<std::string_view> out;
  add_bits(kServiceBits, b, out);
  out.push_back(access_service_name(static_cast<std::uint8_t>((b >> 1) & 0x07)));
  out.push_back((b & 0x01) != 0 ? "no-mf" : "mf");
  return out;
}

std::vector<std::string> card_capabilities_flags(std::span<const std::byte> value) {
  std::vector<std::string> out;
  if (value.size() >= 1) add_bits(kSelectionBits, u8(value[0]), out);
  if (value.size() >= 2) add_data_coding(u8(value[1]), out);
  if (value.size() >= 3) add_channels(u8(value[2]), out);
  return out;
}

}  // namespace readerkit
