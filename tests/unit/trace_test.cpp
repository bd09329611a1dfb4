// SPDX-License-Identifier: MIT
// The trace seam: masking, secrets, and what the Device and the engines report, in order.
#include "readerkit/trace.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include "device_helpers.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/t0.hpp"
#include "scripted_driver.hpp"
#include "t0_script.hpp"

namespace readerkit {
namespace {

Bytes hex(std::string_view text) {
  return *from_hex(text);
}

/// Keeps copies of every record.
struct Kept {
  TraceEvent event;
  TraceDirection direction;
  Status status;
  std::uint32_t value;
  std::string data;  // hex
  std::uint32_t hidden;
  std::string label;
};

class RecordingTrace : public Trace {
 public:
  void record(const TraceRecord& r) noexcept override {
    std::lock_guard lock(mutex_);
    kept_.push_back({r.event, r.direction, r.status, r.value, to_hex(r.data), r.hidden,
                     std::string(r.label)});
  }
  std::vector<Kept> kept() const {
    std::lock_guard lock(mutex_);
    return kept_;
  }
  std::vector<TraceEvent> events() const {
    std::vector<TraceEvent> out;
    for (const Kept& k : kept()) out.push_back(k.event);
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Kept> kept_;
};

TraceRecord record_of(TraceEvent event, TraceDirection direction, const Bytes& data) {
  auto r = TraceRecord::of(event);
  r.direction = direction;
  r.data = data;
  return r;
}

TEST(TraceMask, ApduCommandKeepsItsHeaderOnly) {
  const Bytes apdu = hex("00A4040006A000000018FF");
  std::array<std::byte, 8> keep{};
  const TraceRecord m = masked(record_of(TraceEvent::apdu_command, TraceDirection::to_card, apdu), keep);
  EXPECT_EQ(to_hex(m.data), "00A40400");
  EXPECT_EQ(m.hidden, 7u);
  EXPECT_EQ(m.hidden_at, 4u);
}

TEST(TraceMask, ResponseKeepsItsStatusWord) {
  const Bytes response = hex("0001020304059000");
  std::array<std::byte, 8> keep{};
  const TraceRecord m =
      masked(record_of(TraceEvent::apdu_response, TraceDirection::from_card, response), keep);
  EXPECT_EQ(to_hex(m.data), "9000");
  EXPECT_EQ(m.hidden, 6u);
  EXPECT_EQ(m.hidden_at, 0u);
}

TEST(TraceMask, T1IBlockKeepsItsPrologueAndHidesTheEdc) {
  const Bytes block = hex("0000050080CA9F7F44");
  std::array<std::byte, 8> keep{};
  const TraceRecord m = masked(record_of(TraceEvent::t1_block, TraceDirection::to_card, block), keep);
  EXPECT_EQ(to_hex(m.data), "000005");
  EXPECT_EQ(m.hidden, 6u);
}

TEST(TraceMask, RAndSBlocksCarryNoPayloadAndStayWhole) {
  for (const char* text : {"00910091", "00C301032A", "00E10120C0"}) {
    const Bytes block = hex(text);
    std::array<std::byte, 8> keep{};
    const TraceRecord m = masked(record_of(TraceEvent::t1_block, TraceDirection::from_card, block), keep);
    EXPECT_EQ(to_hex(m.data), text);
    EXPECT_EQ(m.hidden, 0u);
  }
}

TEST(TraceMask, FramingEventsAreNeverMasked) {
  for (TraceEvent e : {TraceEvent::atr, TraceEvent::pps_request, TraceEvent::t0_header,
                       TraceEvent::t0_procedure, TraceEvent::t0_status}) {
    const Bytes bytes = hex("3B9596");
    std::array<std::byte, 8> keep{};
    EXPECT_EQ(masked(record_of(e, TraceDirection::from_card, bytes), keep).hidden, 0u)
        << trace_event_name(e);
  }
  for (TraceEvent e : {TraceEvent::ioctl_in, TraceEvent::ioctl_out, TraceEvent::t0_data}) {
    const Bytes bytes = hex("010203");
    std::array<std::byte, 8> keep{};
    const TraceRecord m = masked(record_of(e, TraceDirection::none, bytes), keep);
    EXPECT_TRUE(m.data.empty()) << trace_event_name(e);
    EXPECT_EQ(m.hidden, 3u);
  }
}

TEST(TraceEvents, EveryEventHasAName) {
  for (int v = 1; v <= static_cast<int>(TraceEvent::dropped); ++v)
    EXPECT_FALSE(trace_event_name(static_cast<TraceEvent>(v)).empty()) << v;
  EXPECT_TRUE(trace_event_name(static_cast<TraceEvent>(0)).empty());
}

TEST(TracePointSecret, BytesToTheCardAreMaskedTheCardsAnswerIsNot) {
  RecordingTrace trace;
  const TracePoint secret{&trace, true};
  const Bytes verify = hex("0020008108313233347FFFFFFF");  // ISO 9564 format 2 block
  secret(TraceEvent::t0_data, TraceDirection::to_card, verify);
  secret(TraceEvent::t0_status, TraceDirection::from_card, hex("63C2"));
  const auto kept = trace.kept();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].data, "");
  EXPECT_EQ(kept[0].hidden, verify.size());
  EXPECT_EQ(kept[1].data, "63C2");
}

TEST(TraceT0, HeaderProcedureBytesDataAndStatusInOrder) {
  RecordingTrace trace;
  // Case 2: ACK, 4 data bytes, 90 00, after two NULL bytes.
  test::ScriptedByteTransport link(hex("6060B00102030490 00"));
  auto tpdu = parse_tpdu(hex("00B0000004"));
  ASSERT_TRUE(tpdu);
  auto response = t0_exchange(*tpdu, link, 1000, 1000, TracePoint{&trace});
  ASSERT_TRUE(response);
  const auto kept = trace.kept();
  ASSERT_EQ(kept.size(), 6u);
  EXPECT_EQ(kept[0].event, TraceEvent::t0_header);
  EXPECT_EQ(kept[0].data, "00B0000004");
  EXPECT_EQ(kept[1].data, "60");
  EXPECT_EQ(kept[2].data, "60");
  EXPECT_EQ(kept[3].event, TraceEvent::t0_procedure);
  EXPECT_EQ(kept[3].data, "B0");
  EXPECT_EQ(kept[4].event, TraceEvent::t0_data);
  EXPECT_EQ(kept[4].direction, TraceDirection::from_card);
  EXPECT_EQ(kept[4].data, "01020304");
  EXPECT_EQ(kept[5].event, TraceEvent::t0_status);
  EXPECT_EQ(kept[5].data, "9000");
}

TEST(TraceDevice, PowerTransmitAndCardEventsAreReportedAroundTheirIoctls) {
  auto trace = std::make_shared<RecordingTrace>();
  DeviceConfig config;
  config.trace = trace;
  test::ScriptedDevice d({}, config);
  d.driver.response = hex("6F009000");
  test::bring_to_specific(*d.device);
  const auto out = test::transmit(*d.device, SCARD_PROTOCOL_T1, {0x00, 0xCA, 0x9F, 0x7F, 0x00});
  ASSERT_EQ(out.status, Status::SUCCESS);
  d.device->card_removed();

  using E = TraceEvent;
  EXPECT_EQ(trace->events(),
            (std::vector<E>{E::card_inserted, E::ioctl_in, E::atr, E::ioctl_out, E::ioctl_in,
                            E::ioctl_out, E::ioctl_in, E::apdu_command, E::apdu_response,
                            E::ioctl_out, E::card_removed}));
  const auto kept = trace->kept();
  EXPECT_EQ(kept[1].label, "IOCTL_SMARTCARD_POWER");
  EXPECT_EQ(kept[2].data, to_hex(test::atr_t0_t1()));
  EXPECT_EQ(kept[7].data, "00CA9F7F00");
  EXPECT_EQ(kept[8].data, "6F009000");
  EXPECT_EQ(kept[9].value, IOCTL_SMARTCARD_TRANSMIT);
  EXPECT_EQ(kept[9].status, Status::SUCCESS);
}

TEST(TraceDevice, FailuresAndPendingRequestsReportTheirRealEnd) {
  auto trace = std::make_shared<RecordingTrace>();
  test::ScriptedDevice d;
  d.device->set_trace(trace);
  // No card: POWER fails at once; IS_PRESENT pends and completes on insertion.
  EXPECT_EQ(test::power(*d.device, PowerAction::SCARD_COLD_RESET).status, Status::NO_MEDIA);
  Bytes none;
  IoResult completed{Status::CANCELLED, 0};
  const IoResult pending = d.device->control(IOCTL_SMARTCARD_IS_PRESENT, {}, none,
                                             [&](IoResult r) { completed = r; });
  ASSERT_EQ(pending.status, Status::PENDING);
  d.device->card_inserted();
  EXPECT_EQ(completed.status, Status::SUCCESS);
  const auto kept = trace->kept();
  ASSERT_EQ(kept.size(), 6u);
  EXPECT_EQ(kept[1].status, Status::NO_MEDIA);
  EXPECT_EQ(kept[3].event, TraceEvent::ioctl_out);
  EXPECT_EQ(kept[3].status, Status::PENDING);
  EXPECT_EQ(kept[4].event, TraceEvent::card_inserted);
  EXPECT_EQ(kept[5].event, TraceEvent::ioctl_out);
  EXPECT_EQ(kept[5].value, IOCTL_SMARTCARD_IS_PRESENT);
  EXPECT_EQ(kept[5].status, Status::SUCCESS);
}

TEST(TraceDevice, DetachedTraceHearsNothingMore) {
  auto trace = std::make_shared<RecordingTrace>();
  test::ScriptedDevice d;
  d.device->set_trace(trace);
  d.device->card_inserted();
  d.device->set_trace(nullptr);
  d.device->card_removed();
  EXPECT_EQ(trace->events(), std::vector<TraceEvent>{TraceEvent::card_inserted});
}

}  // namespace
}  // namespace readerkit
