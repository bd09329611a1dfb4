// SPDX-License-Identifier: MIT
// Fuzz target: what a CCID reader sends back (USB CCID rev 1.1 §6.2, §6.3): RDR_to_PC bulk
// messages and interrupt messages parsed alone, then one slot's operations (power, XfrBlock at
// every exchange level with chaining, parameters, escape, abort) over a USB transport whose
// every bulk-in transfer comes from the fuzzer. The transport may echo the command's bSeq and
// slot and fix dwLength so the fuzzer reaches past the framing checks. Invariants: every
// operation ends, with a bounded number of transfers, in a status (no crash, no hang); data
// handed back never exceeds what the reader sent.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "readerkit/apdu.hpp"
#include "readerkit/ccid/channel.hpp"
#include "readerkit/ccid/message.hpp"
#include "readerkit/ccid/slot_io.hpp"

using namespace readerkit;
using namespace readerkit::ccid;

namespace {

[[noreturn]] void violated() {
  std::abort();
}

// Per command the channel reads at most max_time_extensions + max_skipped_frames + 1 frames;
// one operation issues a handful of commands (class selection: up to 3 voltages x 2).
constexpr std::size_t kMaxTransfersPerOperation = 64 * (300 + 16 + 1);

class FuzzUsb : public UsbTransport {
 public:
  explicit FuzzUsb(FuzzedDataProvider& in) : in_(in) {}

  Status bulk_out(std::span<const std::byte> data, Millis) override {
    count();
    last_out_.assign(data.begin(), data.end());
    return in_.ConsumeIntegralInRange(0, 31) == 0 ? Status::IO_TIMEOUT : Status::SUCCESS;
  }
  Result<std::size_t> bulk_in(std::span<std::byte> buffer, Millis) override {
    count();
    if (in_.remaining_bytes() == 0) return Status::IO_TIMEOUT;
    auto frame = in_.ConsumeBytes<std::uint8_t>(in_.ConsumeIntegralInRange<std::size_t>(0, 300));
    const auto fixes = in_.ConsumeIntegral<std::uint8_t>();
    if (frame.size() >= kHeaderSize && last_out_.size() >= kHeaderSize) {
      if (fixes & 1) frame[5] = std::to_integer<std::uint8_t>(last_out_[5]);  // bSlot
      if (fixes & 2) frame[6] = std::to_integer<std::uint8_t>(last_out_[6]);  // bSeq
    }
    if (frame.size() >= kHeaderSize && (fixes & 4)) {
      const auto n = static_cast<std::uint32_t>(frame.size() - kHeaderSize);
      for (int i = 0; i < 4; ++i) frame[1 + i] = static_cast<std::uint8_t>(n >> (8 * i));
    }
    const std::size_t n = std::min(frame.size(), buffer.size());
    std::transform(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(n), buffer.begin(),
                   [](std::uint8_t b) { return std::byte{b}; });
    received_ += n;
    return n;
  }
  Result<std::size_t> interrupt_in(std::span<std::byte>, Millis) override {
    return Status::IO_TIMEOUT;
  }
  void cancel_interrupt() override {}
  Status control_abort(std::uint8_t, std::uint8_t) override {
    count();
    return Status::SUCCESS;
  }
  bool has_interrupt() const override { return false; }

  void start_operation() { transfers_ = 0; }
  std::size_t received() const { return received_; }

 private:
  void count() {
    if (++transfers_ > kMaxTransfersPerOperation) violated();
  }

  FuzzedDataProvider& in_;
  Bytes last_out_;
  std::size_t transfers_ = 0;
  std::size_t received_ = 0;
};

Bytes bytes_of(FuzzedDataProvider& in, std::size_t max) {
  const auto raw = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, max));
  return Bytes(reinterpret_cast<const std::byte*>(raw.data()),
               reinterpret_cast<const std::byte*>(raw.data() + raw.size()));
}

void parse_alone(FuzzedDataProvider& in) {
  const Bytes frame = bytes_of(in, 300);
  (void)message_length(frame);
  if (auto r = parse_response(frame)) {
    if (r->data.size() + kHeaderSize > frame.size()) violated();
    (void)status_of(*r);
    (void)parse_protocol_data(*r);
  }
  if (auto changes = parse_interrupt(frame)) {
    if (changes->size() > 8 * frame.size()) violated();
  }
}

ClassDescriptor descriptor_of(FuzzedDataProvider& in) {
  constexpr std::uint32_t kLevels[] = {0, feature::LEVEL_TPDU, feature::LEVEL_SHORT_APDU,
                                       feature::LEVEL_EXTENDED_APDU};
  ClassDescriptor d;
  d.bVoltageSupport = in.ConsumeIntegralInRange<std::uint8_t>(0, 7);
  d.dwProtocols = 3;
  d.dwFeatures = kLevels[in.ConsumeIntegralInRange(0, 3)] |
                 (in.ConsumeBool() ? feature::AUTO_VOLTAGE : 0u) |
                 (in.ConsumeBool() ? feature::AUTO_PPS : 0u);
  d.dwMaxCCIDMessageLength = in.ConsumeIntegralInRange<std::uint32_t>(11, 600);
  d.dwMaxIFSD = 254;
  return d;
}

void one_operation(FuzzedDataProvider& in, SlotIo& slot) {
  switch (in.ConsumeIntegralInRange(0, 8)) {
    case 0:
      (void)slot.power_on();
      break;
    case 1:
      (void)slot.power_off();
      break;
    case 2:
      (void)slot.slot_status();
      break;
    case 3:
      (void)slot.xfr_block(bytes_of(in, 300), in.ConsumeIntegral<std::uint16_t>());
      break;
    case 4: {
      const Bytes apdu = bytes_of(in, 1200);
      auto r = slot.transmit_apdu(apdu);
      if (r && r->size() > APDU_MAX_RESPONSE + 300) violated();
      break;
    }
    case 5:
      (void)slot.get_parameters();
      break;
    case 6: {
      ProtocolData p;
      p.protocol = in.ConsumeIntegralInRange<std::uint8_t>(0, 1);
      p.fi_di = in.ConsumeIntegral<std::uint8_t>();
      p.waiting = in.ConsumeIntegral<std::uint8_t>();
      (void)slot.set_parameters(p);
      break;
    }
    case 7:
      (void)slot.escape(bytes_of(in, 64));
      break;
    default:
      (void)slot.abort();
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  parse_alone(in);
  FuzzUsb usb(in);
  ChannelLimits limits;
  limits.read_timeout = Millis{1};
  const ClassDescriptor descriptor = descriptor_of(in);
  limits.max_message_length = descriptor.dwMaxCCIDMessageLength;
  Channel channel(usb, limits);
  const Quirks quirks = find_quirks(0x1234, 0x5678);
  SlotIo slot(channel, in.ConsumeIntegralInRange<std::uint8_t>(0, 1), descriptor, quirks);
  for (int step = 0; step < 16 && in.remaining_bytes() > 0; ++step) {
    usb.start_operation();
    one_operation(in, slot);
  }
  return 0;
}
