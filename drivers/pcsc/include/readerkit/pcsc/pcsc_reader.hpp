// SPDX-License-Identifier: MIT
// The pcsc: reader: any reader pcscd serves, reached through the PC/SC client API, so every
// ReaderKit face (CLI scripts and JSON, faults of the library's own checks, future traces and
// USB/IP export) works with the readers people already have. SPEC (docs/pcsc.md):
//   pcsc:[NAME-SUBSTRING][:share=exclusive|shared][:protocol=T0|T1|any][:vendor=allow]
// The first reader whose PC/SC name contains the substring (case-sensitive); `pcsc:` alone is
// the first reader. Commands go to the card at APDU level: pcscd's own driver does T=0/T=1.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "readerkit/drivers/registry.hpp"
#include "readerkit/reader.hpp"

namespace readerkit::pcsc {

/// What a pcsc SPEC asks for.
struct PcscConfig {
  std::string name_substring;               // "" : the first reader
  bool exclusive = false;                   // SCARD_SHARE_EXCLUSIVE instead of SHARED
  std::uint32_t protocols = 0x3;            // ReaderKit protocol bits: T0 | T1
  bool vendor_allowed = false;              // vendor IOCTLs go to SCardControl
};

/// Parses the SPEC fields after "pcsc"; false with `error` set for a bad field.
bool parse_pcsc_fields(const std::vector<std::string>& fields, PcscConfig& config,
                       std::string& error);

/// The names of the readers pcscd serves now, in its order; false with `error` set when the
/// client library or the service is not there.
bool list_pcsc_readers(std::vector<std::string>& names, std::string& error);

/// The reader: one Device, its card state fed by a status-change thread on its own PC/SC
/// context. nullptr with `error` set when the SPEC is bad, no reader matches, or the host is
/// pcscd itself (a pcsc: reader inside the IFD handler would talk to the daemon that loads it).
std::unique_ptr<Reader> open_pcsc_reader(const std::vector<std::string>& fields,
                                         const drivers::OpenOptions& options,
                                         std::string& error);

}  // namespace readerkit::pcsc
