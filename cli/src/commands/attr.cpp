// SPDX-License-Identifier: MIT
// `attr get NAME|ID` / `attr set NAME|ID HEX`: GET / SET_ATTRIBUTE. The input is the ULONG id,
// then for SET the value bytes as given.
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"
#include "request.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

struct AttrArgs {
  std::string op;
  std::string name;
  std::vector<std::string> value;
  RequestOptions options;
};

Outcome run_attr(Session& session, const AttrArgs& a) {
  auto id = attribute_from_name(a.name);
  if (!id) return report_usage(session, "attr", "unknown attribute '" + a.name + "'");
  Bytes input = le32_bytes(*id);
  const bool set = a.op == "set";
  if (set) {
    auto value = parse_hex_words(a.value);
    if (!value || a.value.empty())
      return report_usage(session, "attr", "attr set needs a hex value");
    input.insert(input.end(), value->begin(), value->end());
  } else if (!a.value.empty()) {
    return report_usage(session, "attr", "attr get takes no value");
  }
  const std::uint32_t code = set ? IOCTL_SMARTCARD_SET_ATTRIBUTE : IOCTL_SMARTCARD_GET_ATTRIBUTE;
  return issue_request(session, "attr", a.op + " " + a.name, code, std::move(input), a.options);
}

}  // namespace

Action define_attr(CLI::App& sub) {
  auto a = std::make_shared<AttrArgs>();
  sub.add_option("op", a->op, "get | set")
      ->required()
      ->transform(CLI::IsMember({"get", "set"}, CLI::ignore_case));
  sub.add_option("attribute", a->name, "name (ATR_STRING) or id (0x00090303)")->required();
  sub.add_option("value", a->value, "hex value for set");
  add_out_size_option(sub, a->options.out_size);
  return [a](Session& session) { return run_attr(session, *a); };
}

}  // namespace readerkit::cli
