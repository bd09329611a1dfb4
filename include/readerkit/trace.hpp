// SPDX-License-Identifier: MIT
// The trace seam (docs/trace.md): the Device and the protocol engines report what happens on
// the way to the card — IOCTLs in and out, the ATR, PPS, T=0 and T=1 on the line, APDUs, card
// events — to a Trace the host attaches. Nothing is reported, and nothing is paid beyond one
// pointer test, when no Trace is attached. Bytes a PIN pad entered never reach a Trace.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "readerkit/status.hpp"

namespace readerkit {

/// What a record reports. The values are the event byte of docs/trace.md's record format:
/// never renumber them.
enum class TraceEvent : std::uint8_t {
  ioctl_in = 1,        // value = IOCTL code; data = input
  ioctl_out = 2,       // value = IOCTL code; status, duration_us; data = output
  card_inserted = 3,
  card_removed = 4,
  atr = 5,             // data = the ATR
  pps_request = 6,     // data = PPSS PPS0 [PPS1..3] PCK
  pps_response = 7,
  apdu_command = 8,    // data = the APDU
  apdu_response = 9,   // data = response data + SW1 SW2
  t0_header = 10,      // data = CLA INS P1 P2 P3
  t0_procedure = 11,   // data = one procedure byte (ACK, complement ACK or NULL)
  t0_data = 12,        // direction tells who sends it
  t0_status = 13,      // data = SW1 SW2
  t1_block = 14,       // data = NAD PCB LEN INF EDC as sent or received
  t1_timeout = 15,     // nothing came within value µs (the engine retries or gives up)
  reader = 16,         // a trace names a channel: label = the reader's name
  dropped = 17,        // value = records a full trace queue could not keep
};

/// Who sends the bytes of a record.
enum class TraceDirection : std::uint8_t { none = 0, to_card = 1, from_card = 2 };

/// One event. Spans view the caller's memory for the duration of Trace::record().
struct TraceRecord {
  TraceEvent event = TraceEvent::ioctl_in;
  TraceDirection direction = TraceDirection::none;
  Status status = Status::SUCCESS;
  std::uint32_t value = 0;
  std::uint32_t duration_us = 0;
  std::span<const std::byte> data;
  /// Bytes left out of `data` (a PIN, or payload masked on request), which were in the
  /// original at offset `hidden_at`: the record shows their count only.
  std::uint32_t hidden = 0;
  std::uint16_t hidden_at = 0;
  std::string_view label;  // ioctl_*: the IOCTL's name; reader: the reader's name

  static TraceRecord of(TraceEvent event) {
    TraceRecord record;
    record.event = event;
    return record;
  }
};

/// A trace sink. record() may be called from several threads at once and must not throw.
class Trace {
 public:
  virtual ~Trace() = default;
  virtual void record(const TraceRecord& record) noexcept = 0;
};

/// The name of an event in text and JSON ("t1_block").
std::string_view trace_event_name(TraceEvent event);
/// True for events docs/trace.md counts as payload: APDUs, T=0 data and T=1 I-blocks'
/// information field, IOCTL buffers. Masking leaves their framing (see masked()).
bool is_payload_event(TraceEvent event);

/// A record with its payload replaced by a count: the bytes that frame it stay (an APDU's
/// CLA INS P1 P2, a response's SW1 SW2, a T=1 block's NAD PCB LEN, a T=0 header), the rest
/// is hidden. `keep` receives the bytes the result shows; it must outlive the result.
TraceRecord masked(const TraceRecord& record, std::array<std::byte, 8>& keep);

/// Where an engine reports: the attached Trace, or nothing. `secret` marks the bytes sent to
/// the card as carrying a PIN (CallbackParams::secret): they are reported masked.
struct TracePoint {
  Trace* sink = nullptr;
  bool secret = false;

  explicit operator bool() const { return sink != nullptr; }
  /// Reports `record`, masked when it carries a secret.
  void operator()(const TraceRecord& record) const {
    if (sink) emit(record);
  }
  /// Shorthand for the common case: one event, direction and bytes.
  void operator()(TraceEvent event, TraceDirection direction,
                  std::span<const std::byte> data, std::uint32_t value = 0) const {
    if (!sink) return;
    TraceRecord record;
    record.event = event;
    record.direction = direction;
    record.value = value;
    record.data = data;
    emit(record);
  }

 private:
  void emit(const TraceRecord& record) const;
};

}  // namespace readerkit
