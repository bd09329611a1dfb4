// SPDX-License-Identifier: MIT
// pcsc SPEC fields: the reader name substring first, then key=value options.
#include <array>
#include <string_view>

#include "readerkit/card.hpp"
#include "readerkit/pcsc/pcsc_reader.hpp"

namespace readerkit::pcsc {
namespace {

struct ValueRow {
  std::string_view key;
  std::string_view value;
  void (*apply)(PcscConfig&);
};

constexpr std::array kOptions{
    ValueRow{"share", "exclusive", [](PcscConfig& c) { c.exclusive = true; }},
    ValueRow{"share", "shared", [](PcscConfig& c) { c.exclusive = false; }},
    ValueRow{"protocol", "T0", [](PcscConfig& c) { c.protocols = SCARD_PROTOCOL_T0; }},
    ValueRow{"protocol", "T1", [](PcscConfig& c) { c.protocols = SCARD_PROTOCOL_T1; }},
    ValueRow{"protocol", "any",
             [](PcscConfig& c) { c.protocols = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1; }},
    ValueRow{"vendor", "allow", [](PcscConfig& c) { c.vendor_allowed = true; }},
    ValueRow{"vendor", "deny", [](PcscConfig& c) { c.vendor_allowed = false; }},
};

bool apply_option(std::string_view field, PcscConfig& config) {
  const auto eq = field.find('=');
  if (eq == std::string_view::npos) return false;
  for (const ValueRow& row : kOptions) {
    if (row.key == field.substr(0, eq) && row.value == field.substr(eq + 1)) {
      row.apply(config);
      return true;
    }
  }
  return false;
}

}  // namespace

bool parse_pcsc_fields(const std::vector<std::string>& fields, PcscConfig& config,
                       std::string& error) {
  std::size_t first_option = 0;
  // The name comes first unless the field is an option; a name may not contain '='.
  if (!fields.empty() && fields[0].find('=') == std::string::npos) {
    config.name_substring = fields[0];
    first_option = 1;
  }
  for (std::size_t i = first_option; i < fields.size(); ++i) {
    if (!apply_option(fields[i], config)) {
      error = "pcsc: bad field '" + fields[i] +
              "' (share=exclusive|shared, protocol=T0|T1|any, vendor=allow|deny)";
      return false;
    }
  }
  return true;
}

}  // namespace readerkit::pcsc
