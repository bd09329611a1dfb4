// SPDX-License-Identifier: MIT
// Trace events' names and the masking rule every trace shares (docs/trace.md "Masking").
#include "readerkit/trace.hpp"

#include <algorithm>

namespace readerkit {
namespace {

struct EventRow {
  TraceEvent event;
  std::string_view name;
  bool payload;
  std::uint8_t head;  // framing bytes kept at the start when masked
  std::uint8_t tail;  // ... and at the end
};

constexpr std::array kEvents{
    EventRow{TraceEvent::ioctl_in, "ioctl_in", true, 0, 0},
    EventRow{TraceEvent::ioctl_out, "ioctl_out", true, 0, 0},
    EventRow{TraceEvent::card_inserted, "card_inserted", false, 0, 0},
    EventRow{TraceEvent::card_removed, "card_removed", false, 0, 0},
    EventRow{TraceEvent::atr, "atr", false, 0, 0},
    EventRow{TraceEvent::pps_request, "pps_request", false, 0, 0},
    EventRow{TraceEvent::pps_response, "pps_response", false, 0, 0},
    EventRow{TraceEvent::apdu_command, "apdu_command", true, 4, 0},
    EventRow{TraceEvent::apdu_response, "apdu_response", true, 0, 2},
    EventRow{TraceEvent::t0_header, "t0_header", false, 0, 0},
    EventRow{TraceEvent::t0_procedure, "t0_procedure", false, 0, 0},
    EventRow{TraceEvent::t0_data, "t0_data", true, 0, 0},
    EventRow{TraceEvent::t0_status, "t0_status", false, 0, 0},
    EventRow{TraceEvent::t1_block, "t1_block", true, 3, 0},
    EventRow{TraceEvent::t1_timeout, "t1_timeout", false, 0, 0},
    EventRow{TraceEvent::reader, "reader", false, 0, 0},
    EventRow{TraceEvent::dropped, "dropped", false, 0, 0},
};

const EventRow* row(TraceEvent event) {
  const auto it = std::find_if(kEvents.begin(), kEvents.end(),
                               [event](const EventRow& r) { return r.event == event; });
  return it == kEvents.end() ? nullptr : &*it;
}

/// Only a T=1 I-block carries payload (PCB b8 = 0); R- and S-blocks are all framing.
bool carries_payload(const TraceRecord& r, const EventRow& e) {
  if (!e.payload) return false;
  if (r.event == TraceEvent::t1_block)
    return r.data.size() > 3 && (static_cast<std::uint8_t>(r.data[1]) & 0x80) == 0;
  return true;
}

}  // namespace

std::string_view trace_event_name(TraceEvent event) {
  const EventRow* e = row(event);
  return e ? e->name : std::string_view{};
}

bool is_payload_event(TraceEvent event) {
  const EventRow* e = row(event);
  return e && e->payload;
}

TraceRecord masked(const TraceRecord& record, std::array<std::byte, 8>& keep) {
  const EventRow* e = row(record.event);
  if (!e || !carries_payload(record, *e) || record.hidden != 0) return record;
  const std::size_t size = record.data.size();
  const std::size_t head = std::min<std::size_t>(e->head, size);
  const std::size_t tail = std::min<std::size_t>(e->tail, size - head);
  std::copy_n(record.data.begin(), head, keep.begin());
  std::copy_n(record.data.end() - static_cast<std::ptrdiff_t>(tail), tail, keep.begin() + head);
  TraceRecord out = record;
  out.data = std::span<const std::byte>(keep).first(head + tail);
  out.hidden = static_cast<std::uint32_t>(size - head - tail);
  out.hidden_at = static_cast<std::uint16_t>(head);
  return out;
}

void TracePoint::emit(const TraceRecord& record) const {
  if (!secret || record.direction != TraceDirection::to_card) {
    sink->record(record);
    return;
  }
  std::array<std::byte, 8> keep{};
  sink->record(masked(record, keep));
}

}  // namespace readerkit
