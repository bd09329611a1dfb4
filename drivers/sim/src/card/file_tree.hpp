// SPDX-License-Identifier: MIT
// The simulated card's ISO/IEC 7816-4 file tree (§7.1): an MF with DFs, transparent EFs and
// linear fixed EFs, as a profile describes it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "readerkit/bytes.hpp"

namespace readerkit::sim::card {

enum class FileKind { df, transparent, linear };

/// One file. Files live in FileTree::files; `parent` indexes that vector (the MF has none).
struct FileNode {
  std::uint16_t fid = 0x3F00;
  FileKind kind = FileKind::df;
  std::optional<std::size_t> parent;
  Bytes name;                  // DF name (AID), selectable with SELECT P1=04
  Bytes data;                  // transparent EF contents
  std::vector<Bytes> records;  // linear fixed EF records, record 1 first
  bool update_needs_pin = false;
};

/// The PIN the VERIFY command checks (ISO/IEC 7816-4 §11.5.6).
struct PinSpec {
  std::uint8_t reference = 0x01;
  Bytes value{std::byte{0x31}, std::byte{0x32}, std::byte{0x33}, std::byte{0x34}};
  std::uint8_t retries = 3;
};

/// The file tree and the PIN. files[0] is the MF (3F00).
struct FileTree {
  std::vector<FileNode> files{FileNode{}};
  PinSpec pin;

  /// Adds a file at `path` (FIDs below the MF, parents first); nullopt when the parent is
  /// missing or is not a DF, or the FID is taken.
  std::optional<std::size_t> add(std::span<const std::uint16_t> path, FileNode node);
  /// The child of `df` with this FID.
  std::optional<std::size_t> child(std::size_t df, std::uint16_t fid) const;
  /// The first DF whose name starts with `name` (partial DF name selection).
  std::optional<std::size_t> by_name(std::span<const std::byte> name) const;
  /// Follows a path of FIDs from `start` (a leading 3F00 restarts at the MF).
  std::optional<std::size_t> walk(std::size_t start, std::span<const std::uint16_t> path) const;
};

}  // namespace readerkit::sim::card
