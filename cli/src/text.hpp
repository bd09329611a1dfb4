// SPDX-License-Identifier: MIT
// Small text helpers of the CLI: numbers and hex as users type them, words of a script line,
// hex as humans read it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "readerkit/bytes.hpp"

namespace readerkit::cli {

/// Parses a 32-bit number: decimal or 0x-prefixed hex; nullopt for anything else.
std::optional<std::uint32_t> parse_u32(std::string_view text);

/// Parses hex given as one or more words ("00A40400" or "00 A4 04 00"); nullopt when not hex.
std::optional<Bytes> parse_hex_words(const std::vector<std::string>& words);

/// Splits a script line into words at blanks; `#` starts a comment that runs to the end.
std::vector<std::string> split_words(std::string_view line);

/// The comment of a line that holds only a comment ("# text" -> "text"); nullopt otherwise.
std::optional<std::string> comment_only(std::string_view line);

/// Hex with a space between bytes, "3B 9F 95"; long runs are wrapped by the human printer.
std::string spaced_hex(std::span<const std::byte> bytes);

/// "0x00310004": the 8-digit hex spelling the JSON output uses for codes and NTSTATUS.
std::string hex32(std::uint32_t value);

/// "08e6": a USB vendor or product ID as `lsusb`, SPECs and JSON write it.
std::string usb_id_hex(std::uint16_t id);

/// Printable ASCII of bytes, '.' for the rest (for historical bytes and strings).
std::string ascii_of(std::span<const std::byte> bytes);

/// Joins words with single spaces.
std::string join_words(const std::vector<std::string>& words, std::size_t first = 0);

}  // namespace readerkit::cli
