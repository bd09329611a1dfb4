// SPDX-License-Identifier: MIT
// T=1 engine cost per payload byte: a 65535-byte extended APDU out and a 65535-byte answer
// back through an in-memory card (IFSC 254, IFSD 254, LRC). Instructions per byte are counted
// with callgrind (docs/performance.md describes the method).
#include <benchmark/benchmark.h>

#include <algorithm>

#include "checked_main.hpp"

#include "../tests/unit/t1_script.hpp"
#include "readerkit/card.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/t1.hpp"

namespace {

using namespace readerkit;

constexpr std::size_t kData = 65535;

Bytes extended_command() {
  Bytes c = {std::byte{0x00}, std::byte{0xD6}, std::byte{0x00}, std::byte{0x00},
             std::byte{0x00}, std::byte{0xFF}, std::byte{0xFF}};
  c.resize(7 + kData, std::byte{0x5A});
  c.push_back(std::byte{0x00});
  c.push_back(std::byte{0x00});
  return c;
}

void BM_T1ExtendedApdu(benchmark::State& state) {
  Bytes response(kData, std::byte{0xA5});
  response.push_back(std::byte{0x90});
  response.push_back(std::byte{0x00});
  test::T1LoopbackCard card(response, Edc::lrc);
  CardCapabilities caps;
  caps.ifsc = 254;
  ReaderCapabilities reader;
  reader.max_ifsd = 254;
  ProtocolState protocol;
  const Bytes command = extended_command();
  const Bytes input = transmit_request(SCARD_PROTOCOL_T1, command);
  Bytes output(8 + response.size());
  std::size_t returned = 0;
  CallbackParams params;
  params.request = input;
  params.reply = output;
  params.bytes_returned = &returned;
  params.card = &caps;
  params.reader = &reader;
  params.protocol = &protocol;
  for (auto _ : state) {
    card.command.clear();
    returned = 0;
    const Status s = t1_transmit(params, card);
    // Every exchange is checked whole: the card got the command, the reader the response.
    const bool right = s == Status::SUCCESS && returned == output.size() &&
                       std::equal(response.begin(), response.end(), output.begin() + 8) &&
                       card.command == command;
    if (!right) {
      readerkit::bench::fail(state, "wrong answer");
      break;
    }
    benchmark::DoNotOptimize(output.data());
  }
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * (command.size() + response.size())));
}
BENCHMARK(BM_T1ExtendedApdu)->Unit(benchmark::kMicrosecond);
// Fixed count for callgrind: instructions / (10 × payload bytes).
BENCHMARK(BM_T1ExtendedApdu)->Name("BM_T1ExtendedApdu/callgrind")->Iterations(10);

}  // namespace

READERKIT_CHECKED_BENCHMARK_MAIN()
