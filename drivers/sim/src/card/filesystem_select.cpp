// SPDX-License-Identifier: MIT
// SELECT (ISO/IEC 7816-4 §11.2.2) and the FCP template it returns.
#include <algorithm>
#include <vector>

#include "card/filesystem_app.hpp"

namespace readerkit::sim::card {
namespace {

std::vector<std::uint16_t> fids(std::span<const std::byte> data) {
  std::vector<std::uint16_t> out;
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
    out.push_back(static_cast<std::uint16_t>(static_cast<std::uint8_t>(data[i]) << 8 |
                                             static_cast<std::uint8_t>(data[i + 1])));
  }
  return out;
}

void put_tlv(Bytes& out, std::uint8_t tag, const Bytes& value) {
  out.push_back(std::byte{tag});
  out.push_back(static_cast<std::byte>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}

Bytes be16(std::size_t v) {
  return {static_cast<std::byte>(v >> 8 & 0xFF), static_cast<std::byte>(v & 0xFF)};
}

// File descriptor byte, ISO/IEC 7816-4 table 12.
std::byte descriptor(FileKind kind) {
  switch (kind) {
    case FileKind::df:
      return std::byte{0x38};
    case FileKind::transparent:
      return std::byte{0x01};
    case FileKind::linear:
      return std::byte{0x02};
  }
  return std::byte{0x00};
}

}  // namespace

// P1 selects how the data names the file: 00 FID (or MF), 01 child DF, 02 EF of the current
// DF, 03 parent DF, 04 DF name, 08 path from the MF, 09 path from the current DF.
std::optional<std::size_t> FileSystemApp::resolve(const CommandApdu& c) const {
  const auto path = fids(c.data);
  const bool one_fid = c.data.size() == 2;
  switch (c.p1) {
    case 0x00: {
      if (c.data.empty() || (one_fid && path[0] == 0x3F00)) return 0;
      if (!one_fid) return std::nullopt;
      if (auto f = tree_.child(current_df_, path[0])) return f;
      if (tree_.files[current_df_].fid == path[0]) return current_df_;
      if (auto parent = tree_.files[current_df_].parent) {
        if (tree_.files[*parent].fid == path[0]) return parent;
        return tree_.child(*parent, path[0]);
      }
      return std::nullopt;
    }
    case 0x01:
    case 0x02: {
      if (!one_fid) return std::nullopt;
      auto f = tree_.child(current_df_, path[0]);
      const bool want_df = c.p1 == 0x01;
      if (f && (tree_.files[*f].kind == FileKind::df) == want_df) return f;
      return std::nullopt;
    }
    case 0x03:
      return tree_.files[current_df_].parent;
    case 0x04:
      return tree_.by_name(c.data);
    case 0x08:
    case 0x09:
      if (path.empty() || c.data.size() % 2 != 0) return std::nullopt;
      return tree_.walk(c.p1 == 0x08 ? 0 : current_df_, path);
    default:
      return std::nullopt;
  }
}

ResponseApdu FileSystemApp::select(const CommandApdu& c) {
  if (c.p1 > 0x09 || (c.p1 > 0x04 && c.p1 < 0x08)) return status_only(SW_WRONG_P1P2);
  const std::uint8_t answer = c.p2 & 0x0C;  // 00 FCI, 04 FCP, 08 FMD, 0C none
  if ((c.p2 & 0xF3) != 0 || answer == 0x08) return status_only(SW_WRONG_P1P2);
  auto file = resolve(c);
  if (!file) return status_only(SW_FILE_NOT_FOUND);
  if (tree_.files[*file].kind == FileKind::df) {
    current_df_ = *file;
    current_ef_.reset();
  } else {
    current_df_ = *tree_.files[*file].parent;
    current_ef_ = *file;
  }
  if (answer == 0x0C) return status_only(SW_OK);
  scratch_ = fcp(*file);
  return ResponseApdu{scratch_, SW_OK, 0};
}

// FCP template (tag 62): 82 descriptor, 83 FID, 80 size (transparent), 84 DF name.
Bytes FileSystemApp::fcp(std::size_t file) const {
  const FileNode& f = tree_.files[file];
  Bytes body;
  Bytes desc{descriptor(f.kind)};
  if (f.kind == FileKind::linear) {
    std::size_t longest = 0;
    for (const Bytes& r : f.records) longest = std::max(longest, r.size());
    desc.push_back(std::byte{0x21});
    for (std::byte b : be16(longest)) desc.push_back(b);
    desc.push_back(static_cast<std::byte>(f.records.size() & 0xFF));
  }
  put_tlv(body, 0x82, desc);
  put_tlv(body, 0x83, be16(f.fid));
  if (f.kind == FileKind::transparent) put_tlv(body, 0x80, be16(f.data.size()));
  if (f.kind == FileKind::df && !f.name.empty()) put_tlv(body, 0x84, f.name);
  Bytes out;
  put_tlv(out, 0x62, body);
  return out;
}

}  // namespace readerkit::sim::card
