// SPDX-License-Identifier: MIT
// Fuzzes the dispatcher (docs/contract/ioctl.md §4): any code, input bytes, output capacity
// and aliasing, in any card state, with card events interleaved and a driver whose every
// answer (status, reply bytes, ATR, mid-callback removal) comes from the fuzzer.
// Invariants checked: information is 0 on failure and never exceeds the output; internal
// statuses never leave the library; every pending request completes exactly once.
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <vector>

#include "readerkit/attribute.hpp"
#include "readerkit/device.hpp"
#include "readerkit/ioctl.hpp"

namespace {

using namespace readerkit;

constexpr std::array<Status, 10> kDriverStatuses{
    Status::SUCCESS,          Status::SUCCESS,    Status::SUCCESS,
    Status::PENDING,          Status::IO_TIMEOUT, Status::DEVICE_PROTOCOL_ERROR,
    Status::BUFFER_TOO_SMALL, Status::NO_MEDIA,   Status::MORE_PROCESSING_REQUIRED,
    Status::NOT_SUPPORTED};

constexpr std::array<std::uint32_t, 17> kCodes{IOCTL_SMARTCARD_POWER,
                                               IOCTL_SMARTCARD_GET_ATTRIBUTE,
                                               IOCTL_SMARTCARD_SET_ATTRIBUTE,
                                               IOCTL_SMARTCARD_CONFISCATE,
                                               IOCTL_SMARTCARD_TRANSMIT,
                                               IOCTL_SMARTCARD_EJECT,
                                               IOCTL_SMARTCARD_SWALLOW,
                                               IOCTL_SMARTCARD_IS_PRESENT,
                                               IOCTL_SMARTCARD_IS_ABSENT,
                                               IOCTL_SMARTCARD_SET_PROTOCOL,
                                               IOCTL_SMARTCARD_GET_STATE,
                                               IOCTL_SMARTCARD_GET_LAST_ERROR,
                                               IOCTL_SMARTCARD_GET_PERF_CNTR,
                                               SCARD_CTL_CODE(2048),
                                               SCARD_CTL_CODE(3400),
                                               SCARD_CTL_CODE(9),
                                               0x42000001};

// Plausible first ULONGs: power actions, protocol masks, attribute ids.
constexpr std::array<std::uint32_t, 14> kUlongs{0,
                                                1,
                                                2,
                                                3,
                                                SCARD_PROTOCOL_T0,
                                                SCARD_PROTOCOL_T1,
                                                SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1,
                                                SCARD_PROTOCOL_RAW,
                                                SCARD_PROTOCOL_T1 | SCARD_PROTOCOL_DEFAULT,
                                                SCARD_ATTR_ATR_STRING,
                                                SCARD_ATTR_CURRENT_PROTOCOL_TYPE,
                                                SCARD_ATTR_SUPRESS_T1_IFS_REQUEST,
                                                SCARD_ATTR_VENDOR_IFD_SERIAL_NO,
                                                SCARD_ATTR_EXTENDED_BWT};

// ATRs worth starting from; the fuzzer may also send raw bytes.
const std::vector<std::vector<std::uint8_t>> kAtrs{
    {0x3B, 0x80, 0x80, 0x01, 0x01}, {0x3B, 0x02, 0x14, 0x50}, {0x3B, 0x80, 0x11, 0x01, 0x90}};

[[noreturn]] void violated() {
  std::abort();
}

/// Completion bookkeeping: each pending request must complete exactly once.
struct Ledger {
  int pending = 0;
  int completed = 0;
  Completion make() {
    return [this](IoResult r) {
      if (r.status == Status::PENDING || r.information != 0 && is_failure(r.status)) violated();
      ++completed;
    };
  }
};

/// The fuzzer-driven driver callback.
Status scripted(FuzzedDataProvider& in, Rdf slot, CallbackParams& p) {
  const int event = in.ConsumeIntegralInRange(0, 7);
  if (event == 0) p.device->card_removed();
  if (event == 1) p.device->card_inserted();
  if (slot == Rdf::RDF_CARD_POWER && p.minor_code != 0) {
    if (in.ConsumeBool()) {
      const auto& atr = kAtrs[in.ConsumeIntegralInRange<std::size_t>(0, kAtrs.size() - 1)];
      p.card->atr.assign(reinterpret_cast<const std::byte*>(atr.data()),
                         reinterpret_cast<const std::byte*>(atr.data() + atr.size()));
    } else {
      const auto raw = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange(0, 40));
      p.card->atr.assign(reinterpret_cast<const std::byte*>(raw.data()),
                         reinterpret_cast<const std::byte*>(raw.data() + raw.size()));
    }
  }
  if (in.ConsumeBool()) p.protocol->wtx_multiplier = in.ConsumeIntegralInRange(1u, 255u);
  if (in.ConsumeBool()) p.card->use_default_parameters();
  // Reply bytes; a buggy driver may even claim more than the capacity.
  const auto reply =
      in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, p.reply.size()));
  for (std::size_t i = 0; i < reply.size(); ++i) p.reply[i] = std::byte{reply[i]};
  *p.bytes_returned = in.ConsumeBool() ? reply.size() : in.ConsumeIntegral<std::uint16_t>();
  return kDriverStatuses[in.ConsumeIntegralInRange<std::size_t>(0, kDriverStatuses.size() - 1)];
}

CallbackTable make_table(FuzzedDataProvider& in) {
  CallbackTable table;
  for (std::size_t i = 0; i < 10; ++i) {
    if (i == static_cast<std::size_t>(Rdf::RDF_DEBUG_LEVEL) || !in.ConsumeBool()) continue;
    const auto slot = static_cast<Rdf>(i);
    table.slots[i] = [&in, slot](CallbackParams& p) { return scripted(in, slot, p); };
  }
  return table;
}

Bytes make_input(FuzzedDataProvider& in) {
  Bytes input;
  if (in.ConsumeBool()) {
    input = le32_bytes(kUlongs[in.ConsumeIntegralInRange<std::size_t>(0, kUlongs.size() - 1)]);
    if (in.ConsumeBool()) input = le32_bytes(in.ConsumeIntegral<std::uint32_t>());
  }
  const auto tail = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange(0, 300));
  for (auto b : tail) input.push_back(std::byte{b});
  return input;
}

void one_request(FuzzedDataProvider& in, Device& device, Ledger& ledger) {
  const std::uint32_t code =
      in.ConsumeBool() ? kCodes[in.ConsumeIntegralInRange<std::size_t>(0, kCodes.size() - 1)]
                       : in.ConsumeIntegral<std::uint32_t>();
  Bytes input = make_input(in);
  const std::size_t capacity = in.ConsumeIntegralInRange<std::size_t>(0, 300);
  const bool alias = in.ConsumeBool();
  Bytes storage(alias ? std::max(capacity, input.size()) : capacity);
  std::span<const std::byte> request = input;
  if (alias) {
    std::copy(input.begin(), input.end(), storage.begin());
    request = std::span<const std::byte>(storage).first(input.size());
  }
  const std::span<std::byte> output = std::span(storage).first(capacity);
  const IoResult r = device.control(code, request, output, ledger.make());
  if (r.information > output.size()) violated();
  if (is_failure(r.status) && r.information != 0) violated();
  if (r.status == Status::MORE_PROCESSING_REQUIRED) violated();
  if (r.status == Status::PENDING) ++ledger.pending;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  Ledger ledger;
  {
    ReaderCapabilities reader;
    reader.mechanics = in.ConsumeIntegralInRange(0u, 7u);
    if (in.ConsumeBool()) reader.protocol_types |= SCARD_PROTOCOL_RAW;
    if (in.ConsumeBool()) reader.serial_number = "SN";
    DeviceConfig config;
    config.lenient_atr = in.ConsumeBool();
    Device device(make_table(in), reader, config);
    for (int steps = 0; steps < 64 && in.remaining_bytes() > 0; ++steps) {
      switch (in.ConsumeIntegralInRange(0, 9)) {
        case 0:
          device.card_inserted();
          break;
        case 1:
          device.card_removed();
          break;
        case 2:
          device.cancel_tracking();
          break;
        case 3:
          device.complete_driver_request(Status::SUCCESS);
          break;
        default:
          one_request(in, device, ledger);
          break;
      }
      (void)device.card();  // snapshot stays consistent
    }
  }  // shutdown completes whatever still pends
  if (ledger.completed != ledger.pending) violated();
  return 0;
}
