// SPDX-License-Identifier: MIT
// One command, one response: bSeq numbering, response reassembly and the rules that keep the
// two ends in step (CCID §6: bSeq echoed by the reader; §6.2.6: time extension).
#pragma once

#include <cstdint>
#include <mutex>

#include "readerkit/ccid/message.hpp"
#include "readerkit/ccid/transport.hpp"
#include "readerkit/log.hpp"

namespace readerkit::ccid {

/// Timeouts and bounds of a transaction. The defaults suit every reader the quirk table knows;
/// the reader's bulk-in timeout is the bound on one read, the deadline on the whole exchange.
struct ChannelLimits {
  Millis read_timeout{10'000};
  /// Time extensions accepted per command before the exchange ends in IO_TIMEOUT.
  unsigned max_time_extensions = 300;
  /// Zero-length or stale frames skipped per command before DEVICE_PROTOCOL_ERROR.
  unsigned max_skipped_frames = 16;
  std::size_t max_message_length = 271;  // dwMaxCCIDMessageLength
};

/// What one transaction saw, for tests and the log.
struct ChannelCounters {
  unsigned zero_length_reads = 0;
  unsigned stale_frames = 0;
  unsigned time_extensions = 0;
};

/// Serialises commands on one interface: every slot shares bSeq (§6.1: "sequence number for
/// command"), so one channel serves every Device of a multi-slot reader.
class Channel {
 public:
  Channel(UsbTransport& transport, ChannelLimits limits, Log log = {});

  /// Sends `command` with the next bSeq and returns its response. A zero-length read and a
  /// frame with another bSeq or slot (left over from an aborted command) are skipped; a
  /// time-extension answer (bmCommandStatus 2) is waited through. Transport statuses pass
  /// through; a frame that does not parse is DEVICE_PROTOCOL_ERROR.
  Result<Response> transact(const Command& command);

  /// Sends the ABORT control request then PC_to_RDR_Abort for `slot` (§5.3.1).
  Status abort(std::uint8_t slot);

  ChannelCounters counters() const;
  const ChannelLimits& limits() const { return limits_; }

 private:
  Result<Bytes> read_frame();
  Result<Response> exchange(const Command& command);

  UsbTransport& transport_;
  ChannelLimits limits_;
  Log log_;
  mutable std::mutex mutex_;
  std::uint8_t next_seq_ = 0;
  ChannelCounters counters_;
};

}  // namespace readerkit::ccid
