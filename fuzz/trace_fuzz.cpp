// SPDX-License-Identifier: MIT
// Fuzz target: reading trace files, which `readerkit trace` takes from anyone. The input is a
// whole pcap file; every record is decoded as a trace packet and masked. A decoded record must
// lie inside its packet and survive a re-encoding round trip.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "readerkit/pcap.hpp"
#include "readerkit/trace_format.hpp"

using namespace readerkit;

namespace {

bool inside(std::span<const std::byte> part, std::span<const std::byte> whole) {
  return part.empty() || (part.data() >= whole.data() &&
                          part.data() + part.size() <= whole.data() + whole.size());
}

void check_packet(std::span<const std::byte> packet) {
  auto decoded = decode_trace_packet(packet);
  if (!decoded) return;
  const TraceRecord& r = decoded->record;
  if (!inside(r.data, packet)) std::abort();
  const auto label = as_bytes_view(r.label);
  if (!inside(label, packet)) std::abort();
  std::array<std::byte, 8> keep{};
  (void)masked(r, keep);
  Bytes again;
  encode_trace_packet(r, decoded->channel, again);
  auto round = decode_trace_packet(again);
  if (!round || round->record.event != r.event || round->record.data.size() != r.data.size())
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_packet({reinterpret_cast<const std::byte*>(data), size});
  std::FILE* file = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (file == nullptr) return 0;
  auto reader = PcapReader::open(file);
  for (int n = 0; reader && n < 10000; ++n) {
    auto next = reader->next();
    if (!next || !next->has_value()) break;
    check_packet((*next)->packet);
  }
  std::fclose(file);
  return 0;
}
