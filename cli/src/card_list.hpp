// SPDX-License-Identifier: MIT
// Card names for an ATR from pcsc-tools' smartcard_list.txt (read at run time, never bundled):
// each entry is an ATR pattern (hex bytes, '.' for any digit, bracket classes) followed by
// tab-indented description lines. docs/cli.md "Card names".
#pragma once

#include <span>
#include <string>
#include <vector>

namespace readerkit::cli {

/// One entry of the list whose pattern matches the ATR.
struct CardListMatch {
  std::string pattern;
  std::vector<std::string> description;
};

/// What the list says of an ATR: the file used ("" when none was found) and every match.
struct CardNames {
  std::string list_path;
  std::vector<CardListMatch> matches;
};

/// The files tried, in order: $HOME/.cache/smartcard_list.txt (where pcsc-tools' update script
/// puts a newer list), /usr/share/pcsc/smartcard_list.txt; only $READERKIT_SMARTCARD_LIST when
/// that is set.
std::vector<std::string> card_list_paths();

/// Looks the ATR up in the first list that can be read (at most 16 MiB).
CardNames card_names(std::span<const std::byte> atr);

/// Looks the ATR up in the text of a list (exposed for tests and the fuzzer).
std::vector<CardListMatch> match_card_list(const std::string& list_text,
                                           std::span<const std::byte> atr);

}  // namespace readerkit::cli
