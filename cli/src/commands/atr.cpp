// SPDX-License-Identifier: MIT
// `atr HEX`: decode an ATR without a reader. Exit 0 for a valid ATR, 1 for a malformed one
// (the decoding is printed either way), 2 when the argument is not hex. The card's names come
// from pcsc-tools' smartcard_list.txt when it is installed (card_list.hpp).
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "session.hpp"
#include "text.hpp"

namespace readerkit::cli {

Action define_atr(CLI::App& sub) {
  auto hex = std::make_shared<std::vector<std::string>>();
  sub.add_option("hex", *hex, "the ATR in hex (spaces allowed)")->required();
  return [hex](Session& session) {
    auto bytes = parse_hex_words(*hex);
    if (!bytes) return report_usage(session, "atr", "not hex: " + join_words(*hex));
    AtrRecord record{*bytes, decode_atr(*bytes), card_names(*bytes)};
    session.printer().atr(record);
    return record.info.valid ? Outcome::success : Outcome::failure;
  };
}

}  // namespace readerkit::cli
