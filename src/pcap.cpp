// SPDX-License-Identifier: MIT
// pcap files: the header and records we write, and a bounded reader (docs/trace.md).
#include "readerkit/pcap.hpp"

#include <algorithm>
#include <array>

namespace readerkit {
namespace {

constexpr std::uint32_t kMagicMicro = 0xA1B2C3D4;
constexpr std::uint32_t kMagicNano = 0xA1B23C4D;
constexpr std::uint32_t kMagicPcapng = 0x0A0D0D0A;
/// A record longer than this is damage, whatever the file's snapshot length says.
constexpr std::uint32_t kMaxRecord = 16u << 20;

void append_le32(Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::byte>(v >> (8 * i)));
}
void append_le16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::byte>(v));
  out.push_back(static_cast<std::byte>(v >> 8));
}
std::uint32_t byteswap32(std::uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xFF00u) | ((v << 8) & 0xFF0000u) | (v << 24);
}

}  // namespace

Bytes pcap_file_header(std::uint32_t linktype) {
  Bytes out;
  out.reserve(PCAP_FILE_HEADER_SIZE);
  append_le32(out, kMagicMicro);
  append_le16(out, 2);  // version 2.4
  append_le16(out, 4);
  append_le32(out, 0);  // thiszone
  append_le32(out, 0);  // sigfigs
  append_le32(out, PCAP_SNAPLEN);
  append_le32(out, linktype);
  return out;
}

void append_pcap_record(Bytes& out, std::uint64_t time_us, std::span<const std::byte> packet) {
  append_le32(out, static_cast<std::uint32_t>(time_us / 1'000'000));
  append_le32(out, static_cast<std::uint32_t>(time_us % 1'000'000));
  append_le32(out, static_cast<std::uint32_t>(packet.size()));
  append_le32(out, static_cast<std::uint32_t>(packet.size()));
  out.insert(out.end(), packet.begin(), packet.end());
}

Result<PcapReader> PcapReader::open(std::FILE* file) {
  std::array<std::byte, PCAP_FILE_HEADER_SIZE> h{};
  if (file == nullptr || std::fread(h.data(), 1, h.size(), file) != h.size())
    return Status::INVALID_PARAMETER;
  const std::uint32_t magic = load_le32(h);
  const std::uint32_t swapped_magic = byteswap32(magic);
  if (magic == kMagicPcapng) return Status::NOT_SUPPORTED;
  const bool swapped = swapped_magic == kMagicMicro || swapped_magic == kMagicNano;
  const std::uint32_t m = swapped ? swapped_magic : magic;
  if (m != kMagicMicro && m != kMagicNano) return Status::INVALID_PARAMETER;
  PcapReader reader(file, swapped, m == kMagicNano, 0, 0);
  reader.snaplen_ = reader.u32(std::span(h).subspan(16));
  reader.linktype_ = reader.u32(std::span(h).subspan(20)) & 0x0FFFFFFF;  // FCS bits aside
  return reader;
}

std::uint32_t PcapReader::u32(std::span<const std::byte> b) const {
  const std::uint32_t v = load_le32(b);
  return swapped_ ? byteswap32(v) : v;
}

Result<std::optional<PcapPacket>> PcapReader::next() {
  std::array<std::byte, PCAP_RECORD_HEADER_SIZE> h{};
  const std::size_t got = std::fread(h.data(), 1, h.size(), file_);
  if (got == 0) return std::optional<PcapPacket>{};
  if (got != h.size()) return Status::INVALID_PARAMETER;
  const std::uint32_t seconds = u32(h);
  const std::uint32_t fraction = u32(std::span(h).subspan(4));
  const std::uint32_t length = u32(std::span(h).subspan(8));
  const std::uint32_t limit = std::min(kMaxRecord, std::max(snaplen_, PCAP_SNAPLEN));
  if (length > limit) return Status::INVALID_PARAMETER;
  buffer_.resize(length);
  if (std::fread(buffer_.data(), 1, length, file_) != length) return Status::INVALID_PARAMETER;
  PcapPacket packet;
  packet.time_us = std::uint64_t{seconds} * 1'000'000 + (nanoseconds_ ? fraction / 1000 : fraction);
  packet.packet = buffer_;
  return std::optional<PcapPacket>{packet};
}

}  // namespace readerkit
