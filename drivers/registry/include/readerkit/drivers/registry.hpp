// SPDX-License-Identifier: MIT
// Opens a reader from its SPEC string (docs/contract/cli.md "Invocation"): the same string is the
// CLI's --reader value and the IFD handler's DEVICENAME. One table row per driver kind.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "readerkit/log.hpp"
#include "readerkit/reader.hpp"
#include "readerkit/trace.hpp"

namespace readerkit::drivers {

/// Host-side options every driver factory receives.
struct OpenOptions {
  Log log;
  /// Accept ATRs with wrong/missing TCK or RFU Fi/Di (the IFD handler turns this on).
  bool lenient_atr = false;
  /// The host is pcscd (the IFD handler): the pcsc: kind refuses to open there.
  bool host_is_pcscd = false;
  /// The trace of each slot's device (docs/trace.md), given to the device when it is made so
  /// that nothing, not even the first card insertion, is missed; open_reader() also attaches
  /// it to every slot once the reader is open, for drivers that do not take it. It may thus be
  /// called twice for a slot and must return the same trace (PcapTrace::channel does). Empty:
  /// no trace.
  std::function<std::shared_ptr<Trace>(std::size_t slot)> trace;

  std::shared_ptr<Trace> trace_of(std::size_t slot) const { return trace ? trace(slot) : nullptr; }
};

/// A SPEC split at ':' : kind first, then the fields ("sim", {"profile=t1", "control=/x"}).
struct ReaderSpec {
  std::string kind;
  std::vector<std::string> fields;
};

/// Splits a SPEC; strips one pair of surrounding double quotes (pcscd passes them through).
ReaderSpec parse_reader_spec(std::string_view spec);

/// The reader, or nullptr with `error` set to a one-line reason.
struct OpenResult {
  std::unique_ptr<Reader> reader;
  std::string error;
};

/// Opens the reader a SPEC names; unknown kinds and bad fields give a clear error.
OpenResult open_reader(std::string_view spec, const OpenOptions& options = {});

/// The kinds this build knows ("sim", "vpcd", "usb", ...), for usage messages.
std::vector<std::string> reader_kinds();

}  // namespace readerkit::drivers
