// SPDX-License-Identifier: MIT
// One describer per trace event: the record's summary and its JSON fields.
#include "trace_text.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "readerkit/t1_frame.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

std::uint8_t u8(std::byte b) {
  return static_cast<std::uint8_t>(b);
}

std::string hex8(std::uint8_t v) {
  return to_hex(std::array{std::byte{v}});
}

std::string ioctl_label(const TraceRecord& r) {
  if (!r.label.empty()) return std::string(r.label);
  char code[16];
  std::snprintf(code, sizeof code, "0x%08X", r.value);
  return code;
}

void ioctl_in(const TraceRecord& r, TraceEntryRecord& e) {
  e.summary = ioctl_label(r) + " in=" + std::to_string(r.data.size() + r.hidden);
  e.fields["code"] = r.value;
  e.fields["ioctl"] = ioctl_label(r);
}

void ioctl_out(const TraceRecord& r, TraceEntryRecord& e) {
  e.summary = ioctl_label(r) + " -> " + std::string(status_name(r.status)) + " out=" +
              std::to_string(r.data.size() + r.hidden) + " " + std::to_string(r.duration_us) +
              " us";
  e.fields["code"] = r.value;
  e.fields["ioctl"] = ioctl_label(r);
  e.fields["status"] = std::string(status_name(r.status));
  e.fields["duration_us"] = r.duration_us;
}

/// "S(WTX request) 02", "R(N(R)=1, EDC error)", "I(N(S)=0, more) LEN=254".
std::string t1_block_text(std::span<const std::byte> b, std::uint32_t hidden) {
  if (b.size() < 3) return "T=1 short block";
  const std::uint8_t pcb = u8(b[1]);
  const std::size_t length = u8(b[2]);
  std::string text = "T=1 ";
  switch (t1::block_type(pcb)) {
    case t1::BlockType::I:
      text += "I(N(S)=" + std::to_string((pcb & t1::PCB_I_NS) ? 1 : 0) +
              ((pcb & t1::PCB_I_M) ? ", more)" : ")");
      break;
    case t1::BlockType::R: {
      static constexpr std::array kErrors{"", ", EDC error", ", other error", ", error 3"};
      text += "R(N(R)=" + std::to_string((pcb & t1::PCB_R_NR) ? 1 : 0) + kErrors[pcb & 0x03] + ")";
      break;
    }
    case t1::BlockType::S: {
      static constexpr std::array kTypes{"RESYNCH", "IFS", "ABORT", "WTX", "VPP error"};
      const std::uint8_t type = pcb & 0x1F;
      text += "S(" + std::string(type < kTypes.size() ? kTypes[type] : "?") +
              ((pcb & t1::PCB_S_RESPONSE) ? " response)" : " request)");
      if (length == 1 && b.size() > 3) text += " " + std::to_string(u8(b[3]));
      break;
    }
  }
  text += " LEN=" + std::to_string(length);
  // A valid LRC block XORs to zero; a CRC block (two EDC bytes) is not checked here.
  if (hidden == 0 && b.size() == 3 + length + 1 && t1::lrc(b) != 0) text += " (LRC wrong)";
  if (hidden == 0 && b.size() != 3 + length + 1 && b.size() != 3 + length + 2)
    text += " (length mismatch)";
  return text;
}

void t1_block(const TraceRecord& r, TraceEntryRecord& e) {
  e.summary = t1_block_text(r.data, r.hidden);
  if (r.data.size() >= 3) {
    e.fields["nad"] = u8(r.data[0]);
    e.fields["pcb"] = u8(r.data[1]);
    e.fields["len"] = u8(r.data[2]);
  }
}

void t0_procedure(const TraceRecord& r, TraceEntryRecord& e) {
  if (r.data.empty()) return void(e.summary = "T=0 procedure byte missing");
  const std::uint8_t pb = u8(r.data[0]);
  e.summary = pb == 0x60 ? "T=0 NULL (more time)" : "T=0 procedure " + hex8(pb);
}

void apdu_command(const TraceRecord& r, TraceEntryRecord& e) {
  if (r.data.size() < 4) return void(e.summary = "APDU (short)");
  e.summary = "APDU CLA " + hex8(u8(r.data[0])) + " INS " + hex8(u8(r.data[1])) + " P1 " +
              hex8(u8(r.data[2])) + " P2 " + hex8(u8(r.data[3])) + ", " +
              std::to_string(r.data.size() + r.hidden) + " bytes";
}

void apdu_response(const TraceRecord& r, TraceEntryRecord& e) {
  if (r.data.size() < 2) return void(e.summary = "response (short)");
  const auto sw = r.data.last(2);
  e.summary = "response SW " + to_hex(sw) + ", " +
              std::to_string(r.data.size() + r.hidden - 2) + " data bytes";
  e.fields["sw"] = to_hex(sw);
}

void plain(std::string text, TraceEntryRecord& e) {
  e.summary = std::move(text);
}

struct Describer {
  TraceEvent event;
  void (*describe)(const TraceRecord&, TraceEntryRecord&);
};

const std::array kDescribers{
    Describer{TraceEvent::ioctl_in, ioctl_in},
    Describer{TraceEvent::ioctl_out, ioctl_out},
    Describer{TraceEvent::card_inserted, [](const TraceRecord&, TraceEntryRecord& e) { plain("card inserted", e); }},
    Describer{TraceEvent::card_removed, [](const TraceRecord&, TraceEntryRecord& e) { plain("card removed", e); }},
    Describer{TraceEvent::atr, [](const TraceRecord&, TraceEntryRecord& e) { plain("ATR", e); }},
    Describer{TraceEvent::pps_request, [](const TraceRecord&, TraceEntryRecord& e) { plain("PPS request", e); }},
    Describer{TraceEvent::pps_response, [](const TraceRecord&, TraceEntryRecord& e) { plain("PPS response", e); }},
    Describer{TraceEvent::apdu_command, apdu_command},
    Describer{TraceEvent::apdu_response, apdu_response},
    Describer{TraceEvent::t0_header, [](const TraceRecord&, TraceEntryRecord& e) { plain("T=0 header", e); }},
    Describer{TraceEvent::t0_procedure, t0_procedure},
    Describer{TraceEvent::t0_data, [](const TraceRecord&, TraceEntryRecord& e) { plain("T=0 data", e); }},
    Describer{TraceEvent::t0_status, [](const TraceRecord&, TraceEntryRecord& e) { plain("T=0 SW1 SW2", e); }},
    Describer{TraceEvent::t1_block, t1_block},
    Describer{TraceEvent::t1_timeout,
              [](const TraceRecord& r, TraceEntryRecord& e) {
                plain("T=1 nothing within " + std::to_string(r.value) + " us", e);
              }},
    Describer{TraceEvent::reader,
              [](const TraceRecord& r, TraceEntryRecord& e) {
                plain("reader " + std::string(r.label), e);
                e.fields["reader"] = std::string(r.label);
              }},
    Describer{TraceEvent::dropped,
              [](const TraceRecord& r, TraceEntryRecord& e) {
                plain(std::to_string(r.value) + " records dropped (trace queue full)", e);
                e.fields["count"] = r.value;
              }},
};

std::string direction_name(TraceDirection d) {
  switch (d) {
    case TraceDirection::to_card:
      return "to_card";
    case TraceDirection::from_card:
      return "from_card";
    case TraceDirection::none:
      break;
  }
  return "";
}

}  // namespace

TraceEntryRecord describe_trace(const TracePacket& packet) {
  const TraceRecord& r = packet.record;
  TraceEntryRecord e;
  e.channel = packet.channel;
  e.event = std::string(trace_event_name(r.event));
  e.direction = direction_name(r.direction);
  e.data.assign(r.data.begin(), r.data.end());
  e.hidden = r.hidden;
  const auto it = std::find_if(kDescribers.begin(), kDescribers.end(),
                               [&](const Describer& d) { return d.event == r.event; });
  if (it != kDescribers.end()) it->describe(r, e);
  return e;
}

}  // namespace readerkit::cli
