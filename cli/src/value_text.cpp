// SPDX-License-Identifier: MIT
// Attribute values and status words in words (docs/contract/ioctl.md §5; ISO/IEC 7816-4 §5.6).
#include <array>
#include <cstdio>

#include "human_text.hpp"
#include "readerkit/attribute.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

enum class Kind { string, ulong, khz, bps, us, protocols, channel, version, presence, edc, bytes };

struct AttributeKind {
  std::uint32_t id;
  Kind kind;
};

// Attributes whose value is not a plain ULONG get a row; the rest print as numbers.
constexpr std::array kKinds{
    AttributeKind{SCARD_ATTR_VENDOR_NAME, Kind::string},
    AttributeKind{SCARD_ATTR_VENDOR_IFD_TYPE, Kind::string},
    AttributeKind{SCARD_ATTR_VENDOR_IFD_SERIAL_NO, Kind::string},
    AttributeKind{SCARD_ATTR_VENDOR_IFD_VERSION, Kind::version},
    AttributeKind{SCARD_ATTR_CHANNEL_ID, Kind::channel},
    AttributeKind{SCARD_ATTR_PROTOCOL_TYPES, Kind::protocols},
    AttributeKind{SCARD_ATTR_CURRENT_PROTOCOL_TYPE, Kind::protocols},
    AttributeKind{SCARD_ATTR_DEFAULT_CLK, Kind::khz},
    AttributeKind{SCARD_ATTR_MAX_CLK, Kind::khz},
    AttributeKind{SCARD_ATTR_CURRENT_CLK, Kind::khz},
    AttributeKind{SCARD_ATTR_DEFAULT_DATA_RATE, Kind::bps},
    AttributeKind{SCARD_ATTR_MAX_DATA_RATE, Kind::bps},
    AttributeKind{SCARD_ATTR_CURRENT_BWT, Kind::us},
    AttributeKind{SCARD_ATTR_CURRENT_CWT, Kind::us},
    AttributeKind{SCARD_ATTR_EXTENDED_BWT, Kind::us},
    AttributeKind{SCARD_PERF_TRANSMISSION_TIME, Kind::us},
    AttributeKind{SCARD_ATTR_CURRENT_EBC_ENCODING, Kind::edc},
    AttributeKind{SCARD_ATTR_ICC_PRESENCE, Kind::presence},
    AttributeKind{SCARD_ATTR_ATR_STRING, Kind::bytes},
};

Kind kind_of(std::uint32_t id) {
  for (const auto& row : kKinds)
    if (row.id == id) return row.kind;
  return Kind::ulong;
}

std::string ulong_text(Kind kind, std::uint32_t v) {
  switch (kind) {
    case Kind::khz:
      return std::to_string(v) + " kHz";
    case Kind::bps:
      return std::to_string(v) + " bit/s";
    case Kind::us:
      return std::to_string(v) + " us";
    case Kind::protocols:
      return v == 0 ? "none" : protocol_mask_name(v);
    case Kind::edc:
      return v == 0 ? "LRC" : v == 1 ? "CRC" : std::to_string(v);
    case Kind::channel:
      return std::string(reader_type_name(static_cast<ReaderType>(v >> 16))) + ", channel " +
             std::to_string(v & 0xFFFF);
    case Kind::version: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%u.%u.%u", v >> 24, v >> 16 & 0xFF, v & 0xFFFF);
      return buf;
    }
    default:
      return std::to_string(v) + " (" + hex32(v) + ")";
  }
}

}  // namespace

std::string attribute_value_text(std::uint32_t id, std::span<const std::byte> value) {
  const Kind kind = kind_of(id);
  if (kind == Kind::string) return "\"" + ascii_of(value) + "\"";
  if (kind == Kind::presence && value.size() == 1) {
    static constexpr const char* kPresence[] = {"0 (absent)", "1 (present)", "2 (swallowed)"};
    auto v = static_cast<std::uint8_t>(value[0]);
    return v < 3 ? kPresence[v] : std::to_string(v);
  }
  if (kind == Kind::bytes || value.size() != 4)
    return value.empty() ? "(empty)" : spaced_hex(value);
  return ulong_text(kind, load_le32(value));
}

std::string status_word_text(std::uint8_t sw1, std::uint8_t sw2) {
  struct Row {
    std::uint8_t sw1;
    int sw2;  // -1: any
    const char* text;
  };
  static constexpr Row kRows[] = {
      {0x90, 0x00, "success"},
      {0x61, -1, "response bytes available (GET RESPONSE)"},
      {0x6C, -1, "wrong Le; resend with the given length"},
      {0x62, -1, "warning, state unchanged"},
      {0x63, -1, "warning, state changed"},
      {0x64, -1, "execution error, state unchanged"},
      {0x65, -1, "execution error, state changed"},
      {0x67, 0x00, "wrong length"},
      {0x68, -1, "function in CLA not supported"},
      {0x69, 0x82, "security status not satisfied"},
      {0x69, -1, "command not allowed"},
      {0x6A, 0x82, "file or application not found"},
      {0x6A, 0x86, "incorrect P1 P2"},
      {0x6A, -1, "wrong parameters / data"},
      {0x6B, 0x00, "wrong P1 P2"},
      {0x6D, 0x00, "instruction not supported"},
      {0x6E, 0x00, "class not supported"},
      {0x6F, -1, "no precise diagnosis"},
  };
  for (const Row& row : kRows) {
    if (row.sw1 == sw1 && (row.sw2 < 0 || row.sw2 == sw2)) {
      if (sw1 == 0x61 || sw1 == 0x6C)
        return std::string(row.text) + ": " + std::to_string(sw2 ? sw2 : 256);
      return row.text;
    }
  }
  return "unknown status word";
}

}  // namespace readerkit::cli
