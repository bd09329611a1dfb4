// SPDX-License-Identifier: MIT
// Fuzz target: what arrives at the USB CCID device (docs/usbip.md). Byte 0 picks a profile.
// Then, by turns: bulk-OUT bytes cut into messages by the device's assembler and run by a
// slot (every PC_to_RDR message, known or not, well formed or not) against a simulated
// reader; a SETUP packet on endpoint 0; a T=1 block for the card side of the TPDU level; a
// card removal or insertion. Invariants: every message gets the answer type §6.2 assigns,
// its bSeq and slot echoed, and no answer is longer than dwMaxCCIDMessageLength; a control
// answer never exceeds wLength; a T=1 answer is one valid block.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "control_requests.hpp"
#include "descriptors.hpp"
#include "instant_profile.hpp"
#include "message_assembler.hpp"
#include "readerkit/ccid/message.hpp"
#include "readerkit/drivers/registry.hpp"
#include "readerkit/sim/sim_reader.hpp"
#include "slot_commands.hpp"
#include "t1_responder.hpp"

using namespace readerkit;
using namespace readerkit::ccid_device;

namespace {

// Names the broken invariant before aborting, so a crash file says which one.
[[noreturn]] void violated(const char* what) {
  std::fprintf(stderr, "ccid_device_fuzz: %s\n", what);
  std::abort();
}

Bytes bytes_of(FuzzedDataProvider& in, std::size_t max) {
  const auto raw = in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, max));
  return Bytes(reinterpret_cast<const std::byte*>(raw.data()),
               reinterpret_cast<const std::byte*>(raw.data() + raw.size()));
}

sim::SimReader& reader() {
  static std::unique_ptr<Reader> r = [] {
    auto opened = drivers::open_reader(instant_sim_spec());
    if (!opened.reader) std::abort();
    return std::move(opened.reader);
  }();
  return static_cast<sim::SimReader&>(*r);
}

void check_answer(const ccid::ReceivedCommand& c, const ccid::Response& r, const Profile& p) {
  if (r.type != answer_type(c.command.type) || r.seq != c.seq || r.slot != c.command.slot) {
    violated("answer type, bSeq or bSlot");
  }
  if (r.encode().size() > p.max_message) violated("answer longer than dwMaxCCIDMessageLength");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const auto all = profiles();
  const Profile profile = all[in.ConsumeIntegralInRange<std::size_t>(0, all.size() - 1)];
  auto& sim = reader();
  Device& device = sim.slot(0);
  SlotCommands slot(device, profile);
  MessageAssembler assembler(profile.max_message);
  const auto descriptors =
      build_descriptors(profile, class_descriptor(profile, 1, device.reader()), Identity{});
  ControlState control;
  T1Responder t1;
  const auto edc = in.ConsumeBool() ? Edc::crc : Edc::lrc;  // a card keeps its EDC
  const ApduRunner echo = [](std::span<const std::byte> apdu) -> Result<Bytes> {
    Bytes answer(apdu.begin(), apdu.end());
    answer.push_back(std::byte{0x90});
    answer.push_back(std::byte{0x00});
    return answer;
  };
  int steps = 0;
  while (in.remaining_bytes() > 0 && ++steps < 64) {
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: {
        const auto bytes = bytes_of(in, 600);
        assembler.feed(
            bytes,
            [&](std::span<const std::byte> frame) {
              auto c = ccid::parse_command(frame);
              if (!c) violated("the assembler handed over a partial frame");
              if (c->command.slot != 0) return;
              check_answer(*c, slot.run(*c), profile);
            },
            [&](std::span<const std::byte> header) {
              if (header.size() != ccid::kHeaderSize) violated("oversize header");
            });
        break;
      }
      case 1: {
        usbip::Urb urb;
        const auto setup = bytes_of(in, 8);
        std::copy(setup.begin(), setup.end(), urb.setup.begin());
        const auto s = parse_setup(urb.setup);
        urb.direction = (s.bmRequestType & 0x80) ? usbip::Direction::in : usbip::Direction::out;
        const auto answer = handle_control(urb, descriptors, control);
        if (answer.data.size() > s.wLength) violated("control answer beyond wLength");
        break;
      }
      case 2: {
        const auto block = bytes_of(in, 300);
        auto answer = t1.answer(block, edc, echo);
        if (!answer) violated("T=1 answer failed with an echo runner");
        t1::Block parsed;
        if (t1::parse_block(*answer, edc, parsed) != t1::RError::none)
          violated("T=1 answer invalid");
        break;
      }
      default:
        (void)sim.command({"card", in.ConsumeBool() ? "remove" : "insert"});
        break;
    }
  }
  (void)sim.command({"card", "insert"});
  return 0;
}
