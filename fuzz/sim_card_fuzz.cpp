// SPDX-License-Identifier: MIT
// Fuzz target: the simulated card. Byte 0 picks a built-in profile. Then, by turns, either a
// command APDU goes straight to the card's operating system (readertest and file system
// applications, ISO/IEC 7816-4 §5.1 parsing), or raw line bytes go to the whole card (PPS
// responder, T=0 or T=1 engine) after a reset, and its queued replies are drained.
// Invariants: every APDU gets a status word and at most 65536 data bytes; the card's work
// time and the replies one burst of reader bytes produces are bounded; the ATR is at most
// 33 bytes.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "card/apdu.hpp"
#include "card/card_os.hpp"
#include "card/sim_card.hpp"
#include "profile.hpp"

using namespace readerkit;
using namespace readerkit::sim;
using namespace readerkit::sim::card;

namespace {

[[noreturn]] void violated() {
  std::abort();
}

constexpr std::size_t kMaxRepliesPerBurst = 4096;
constexpr std::uint32_t kMaxWorkMs = 60'000;

Bytes bytes_of(FuzzedDataProvider& in, std::size_t max) {
  const auto raw = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, max));
  return Bytes(reinterpret_cast<const std::byte*>(raw.data()),
               reinterpret_cast<const std::byte*>(raw.data() + raw.size()));
}

void apdus_to_os(FuzzedDataProvider& in, const Profile& profile) {
  std::unique_ptr<FileSystemApp> fs;
  if (profile.filesystem) fs = std::make_unique<FileSystemApp>(*profile.filesystem);
  CardOs os(ReadertestApp(profile.unit_ms, profile.extended), std::move(fs));
  for (int i = 0; i < 32 && in.remaining_bytes() > 0; ++i) {
    if (in.ConsumeIntegralInRange(0, 15) == 0) os.reset();
    const Bytes raw = bytes_of(in, 300);
    (void)os.direction(in.ConsumeIntegral<std::uint8_t>(), in.ConsumeIntegral<std::uint8_t>());
    auto apdu = parse_command_apdu(raw);
    if (!apdu) continue;
    const ResponseApdu r = os.process(*apdu);
    if (r.data.size() > 65536 || r.work_ms > kMaxWorkMs) violated();
    if (r.sw1() < 0x60 && r.sw != 0) violated();
  }
}

void line_to_card(FuzzedDataProvider& in, const Profile& profile) {
  FaultState faults;
  SimCard card(profile, faults);
  const Bytes atr = card.reset();
  if (atr.empty() || atr.size() > 33) violated();
  for (int i = 0; i < 32 && in.remaining_bytes() > 0; ++i) {
    if (in.ConsumeIntegralInRange(0, 31) == 0) (void)card.reset();
    if (in.ConsumeIntegralInRange(0, 63) == 0) card.power_down();
    card.receive(bytes_of(in, 300));
    std::size_t replies = 0;
    Reply reply;
    while (card.next_reply(reply)) {
      if (++replies > kMaxRepliesPerBurst || reply.delay_ms > kMaxWorkMs) violated();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<std::string> names = builtin_profile_names();
  FuzzedDataProvider in(data, size);
  const auto& name = names[in.ConsumeIntegralInRange<std::size_t>(0, names.size() - 1)];
  std::string error;
  const auto profile = load_profile(name, error);
  if (!profile) violated();
  if (in.ConsumeBool()) {
    apdus_to_os(in, *profile);
  } else {
    line_to_card(in, *profile);
  }
  return 0;
}
