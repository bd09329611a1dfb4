// SPDX-License-Identifier: MIT
#include "card/file_tree.hpp"

#include <algorithm>

namespace readerkit::sim::card {

std::optional<std::size_t> FileTree::child(std::size_t df, std::uint16_t fid) const {
  for (std::size_t i = 1; i < files.size(); ++i) {
    if (files[i].parent == df && files[i].fid == fid) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> FileTree::walk(std::size_t start,
                                          std::span<const std::uint16_t> path) const {
  std::optional<std::size_t> at = start;
  for (std::uint16_t fid : path) {
    if (fid == 0x3F00) {
      at = 0;
      continue;
    }
    if (files[*at].kind != FileKind::df) return std::nullopt;
    at = child(*at, fid);
    if (!at) return std::nullopt;
  }
  return at;
}

std::optional<std::size_t> FileTree::add(std::span<const std::uint16_t> path, FileNode node) {
  if (path.empty()) return std::nullopt;
  auto parent = walk(0, path.first(path.size() - 1));
  if (!parent || files[*parent].kind != FileKind::df) return std::nullopt;
  if (child(*parent, path.back()) || path.back() == 0x3F00) return std::nullopt;
  node.fid = path.back();
  node.parent = *parent;
  files.push_back(std::move(node));
  return files.size() - 1;
}

std::optional<std::size_t> FileTree::by_name(std::span<const std::byte> name) const {
  if (name.empty()) return std::nullopt;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const Bytes& n = files[i].name;
    if (files[i].kind == FileKind::df && n.size() >= name.size() &&
        std::equal(name.begin(), name.end(), n.begin())) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace readerkit::sim::card
