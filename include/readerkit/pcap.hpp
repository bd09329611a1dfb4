// SPDX-License-Identifier: MIT
// The classic pcap file format (tcpdump's "libpcap" format, microsecond timestamps): what a
// trace file is made of (docs/trace.md). Writing is a header and records; reading checks every
// length against the file, so a damaged or hostile file ends in an error, never an overread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>

#include "readerkit/bytes.hpp"
#include "readerkit/result.hpp"

namespace readerkit {

/// Link types (tcpdump.org's LINKTYPE_ registry).
inline constexpr std::uint32_t LINKTYPE_USB_LINUX_MMAPPED = 220;
inline constexpr std::uint32_t LINKTYPE_WIRESHARK_UPPER_PDU = 252;

/// Snapshot length written in our files: no record is ever cut.
inline constexpr std::uint32_t PCAP_SNAPLEN = 262144;
inline constexpr std::size_t PCAP_FILE_HEADER_SIZE = 24;
inline constexpr std::size_t PCAP_RECORD_HEADER_SIZE = 16;

/// The 24-byte file header (little-endian, version 2.4, µs timestamps).
Bytes pcap_file_header(std::uint32_t linktype);
/// Appends one record: its 16-byte header (time, lengths) and the packet.
void append_pcap_record(Bytes& out, std::uint64_t time_us, std::span<const std::byte> packet);

/// One record of a file being read; `packet` views the reader's buffer until the next call.
struct PcapPacket {
  std::uint64_t time_us = 0;
  std::span<const std::byte> packet;
};

/// Reads a pcap file record by record (either byte order, µs or ns timestamps).
class PcapReader {
 public:
  /// INVALID_PARAMETER when the file is not a pcap file; NOT_SUPPORTED for another format
  /// (pcapng); the file stays owned by the caller.
  static Result<PcapReader> open(std::FILE* file);

  std::uint32_t linktype() const { return linktype_; }
  /// The next record; nullopt at the end. INVALID_PARAMETER for a record whose lengths are
  /// impossible (over the snapshot length or cut short by the end of the file).
  Result<std::optional<PcapPacket>> next();

 private:
  PcapReader(std::FILE* file, bool swapped, bool nanoseconds, std::uint32_t linktype,
             std::uint32_t snaplen)
      : file_(file), swapped_(swapped), nanoseconds_(nanoseconds), linktype_(linktype),
        snaplen_(snaplen) {}
  std::uint32_t u32(std::span<const std::byte> b) const;

  std::FILE* file_;
  bool swapped_;
  bool nanoseconds_;
  std::uint32_t linktype_;
  std::uint32_t snaplen_;
  Bytes buffer_;
};

}  // namespace readerkit
