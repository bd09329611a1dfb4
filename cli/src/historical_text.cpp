// SPDX-License-Identifier: MIT
// The human text of the historical bytes (ISO/IEC 7816-4 §8.1.1) and of the card's names from
// smartcard_list.txt, appended to the ATR decode.
#include <cstdio>
#include <string>

#include "human_text.hpp"
#include "readerkit/historical.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

std::string hex_digits(unsigned value, int digits) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%0*X", digits, value);
  return buf;
}

std::string joined(const auto& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

std::string object_meaning(const CompactTlvObject& o) {
  std::string text = std::string(compact_tag_name(o.tag));
  if (o.tag == static_cast<std::uint8_t>(CompactTag::card_service_data) && o.value.size() == 1)
    return text + ": " + joined(card_service_data_flags(static_cast<std::uint8_t>(o.value[0])));
  if (o.tag == static_cast<std::uint8_t>(CompactTag::card_capabilities))
    return text + ": " + joined(card_capabilities_flags(o.value));
  if (o.tag == static_cast<std::uint8_t>(CompactTag::card_issuer_data) ||
      o.tag == static_cast<std::uint8_t>(CompactTag::pre_issuing_data))
    return text + " \"" + ascii_of(o.value) + "\"";
  return text;
}

std::string status_meaning(const StatusIndicator& s) {
  std::string text;
  if (s.lcs) text = "LCS " + hex_digits(*s.lcs, 2) + " " + std::string(life_cycle_name(*s.lcs));
  if (s.sw) text += (text.empty() ? "SW " : ", SW ") + hex_digits(*s.sw, 4);
  return text;
}

}  // namespace

void add_historical_text(TextBlock& t, std::span<const std::byte> bytes) {
  const HistoricalBytes h = decode_historical_bytes(bytes);
  if (h.format == HistoricalFormat::absent) return;
  t.push_back({"category " + hex_digits(h.category, 2),
               std::string(historical_format_name(h.format)), 3});
  for (const CompactTlvObject& o : h.objects)
    t.push_back({"tag " + hex_digits(o.tag, 1) + " len " + std::to_string(o.value.size()),
                 (o.value.empty() ? "" : spaced_hex(o.value) + "  ") + object_meaning(o), 4});
  if (h.status) t.push_back({"status", status_meaning(*h.status), 4});
  if (h.dir_data_reference)
    t.push_back({"DIR reference", hex_digits(*h.dir_data_reference, 2), 4});
  if (h.malformed) t.push_back({"malformed", "the objects do not fit the category's layout", 4});
}

void add_card_names_text(TextBlock& t, const CardNames& names) {
  if (names.list_path.empty()) {
    t.push_back({"card", "no smartcard_list.txt found (pcsc-tools; READERKIT_SMARTCARD_LIST)"});
    return;
  }
  if (names.matches.empty()) t.push_back({"card", "not in " + names.list_path});
  for (const CardListMatch& m : names.matches)
    for (const std::string& line : m.description) t.push_back({"card", line});
}

}  // namespace readerkit::cli
