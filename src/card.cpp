// SPDX-License-Identifier: MIT
// Names of card states, power actions, protocol masks and reader types (winsmcrd.h spelling).
#include "readerkit/card.hpp"

#include <array>

#include "detail/text.hpp"

namespace readerkit {
namespace {

constexpr std::array<std::string_view, 7> kStateNames{
    "SCARD_UNKNOWN", "SCARD_ABSENT",     "SCARD_PRESENT",  "SCARD_SWALLOWED",
    "SCARD_POWERED", "SCARD_NEGOTIABLE", "SCARD_SPECIFIC",
};

constexpr std::array<std::string_view, 3> kPowerActionNames{"SCARD_POWER_DOWN", "SCARD_COLD_RESET",
                                                            "SCARD_WARM_RESET"};

struct ProtocolBit {
  std::uint32_t bit;
  std::string_view name;
};
// Printing order; DEFAULT is a modifier and is printed after '|'.
constexpr std::array<ProtocolBit, 3> kProtocolBits{
    {{SCARD_PROTOCOL_T0, "T0"}, {SCARD_PROTOCOL_T1, "T1"}, {SCARD_PROTOCOL_RAW, "RAW"}}};

struct ReaderTypeName {
  ReaderType type;
  std::string_view name;
};
constexpr std::array<ReaderTypeName, 9> kReaderTypes{{
    {ReaderType::SCARD_READER_TYPE_SERIAL, "SCARD_READER_TYPE_SERIAL"},
    {ReaderType::SCARD_READER_TYPE_PARALELL, "SCARD_READER_TYPE_PARALELL"},
    {ReaderType::SCARD_READER_TYPE_KEYBOARD, "SCARD_READER_TYPE_KEYBOARD"},
    {ReaderType::SCARD_READER_TYPE_SCSI, "SCARD_READER_TYPE_SCSI"},
    {ReaderType::SCARD_READER_TYPE_IDE, "SCARD_READER_TYPE_IDE"},
    {ReaderType::SCARD_READER_TYPE_USB, "SCARD_READER_TYPE_USB"},
    {ReaderType::SCARD_READER_TYPE_PCMCIA, "SCARD_READER_TYPE_PCMCIA"},
    {ReaderType::SCARD_READER_TYPE_TPM, "SCARD_READER_TYPE_TPM"},
    {ReaderType::SCARD_READER_TYPE_VENDOR, "SCARD_READER_TYPE_VENDOR"},
}};

/// One element of a protocol list: "T0", "T=0", "RAW", "DEFAULT" (case-insensitive).
std::optional<std::uint32_t> protocol_token(std::string_view token) {
  if (detail::iequals(token, "T=0")) return SCARD_PROTOCOL_T0;
  if (detail::iequals(token, "T=1")) return SCARD_PROTOCOL_T1;
  if (detail::iequals(token, "DEFAULT")) return SCARD_PROTOCOL_DEFAULT;
  for (const auto& p : kProtocolBits) {
    if (detail::iequals(token, p.name)) return p.bit;
  }
  return std::nullopt;
}

}  // namespace

std::string_view card_state_name(CardState s) {
  const auto index = static_cast<std::size_t>(s);
  return index < kStateNames.size() ? kStateNames[index] : std::string_view{"SCARD_UNKNOWN"};
}

std::string_view power_action_name(std::uint32_t action) {
  return action < kPowerActionNames.size() ? kPowerActionNames[action] : std::string_view{};
}

std::string protocol_mask_name(std::uint32_t mask) {
  std::string out;
  for (const auto& p : kProtocolBits) {
    if ((mask & p.bit) == 0) continue;
    if (!out.empty()) out += ',';
    out += p.name;
  }
  if (out.empty()) out = "UNDEFINED";
  if (mask & SCARD_PROTOCOL_DEFAULT) out += "|DEFAULT";
  return out;
}

std::optional<std::uint32_t> protocol_mask_from_name(std::string_view text) {
  std::uint32_t mask = 0;
  while (!text.empty()) {
    const std::size_t end = text.find_first_of(",|");
    const auto bit = protocol_token(text.substr(0, end));
    if (!bit) return std::nullopt;
    mask |= *bit;
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
    if (text.empty()) return std::nullopt;  // trailing separator
  }
  if ((mask & SCARD_PROTOCOL_KNOWN) == 0) return std::nullopt;
  return mask;
}

std::string_view reader_type_name(ReaderType t) {
  for (const auto& row : kReaderTypes) {
    if (row.type == t) return row.name;
  }
  return "SCARD_READER_TYPE_UNKNOWN";
}

}  // namespace readerkit
