// SPDX-License-Identifier: MIT
// Fuzz target: ATR decoding, acceptance, card capabilities, timing and PPS choice on any bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "readerkit/atr.hpp"
#include "readerkit/capabilities.hpp"
#include "readerkit/historical.hpp"
#include "readerkit/pps.hpp"

using namespace readerkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> atr(reinterpret_cast<const std::byte*>(data), size);
  const AtrInfo info = decode_atr(atr);
  if (info.valid != (info.error == AtrError::none)) std::abort();  // every ATR is classified
  if (info.protocols.empty() || atr_error_code(info.error).empty() != info.valid) std::abort();
  // The decoded copy is bounded (atr.hpp): the first ATR_MAX_LENGTH bytes, nothing dropped below.
  if (info.atr.size() != std::min(atr.size(), ATR_MAX_LENGTH)) std::abort();
  if (info.valid != info.errors.empty()) std::abort();
  (void)atr_timing(info, 3580, 372, 1);
  // The whole input as historical bytes too: objects never run past the end.
  const HistoricalBytes h = decode_historical_bytes(atr);
  std::size_t used = h.objects.size();
  for (const CompactTlvObject& o : h.objects) used += o.value.size();
  if (used > atr.size()) std::abort();
  for (const CompactTlvObject& o : h.objects) (void)card_capabilities_flags(o.value);
  for (bool lenient : {false, true}) {
    CardCapabilities card;
    card.atr.assign(atr.begin(), atr.end());
    if (update_card_capabilities(card, ReaderCapabilities{}, {lenient}) != Status::SUCCESS)
      continue;
    for (std::uint32_t p : {SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1}) {
      const PpsRequest r = prepare_pps(card, ReaderCapabilities{}, p);
      if (r.length > r.bytes.size()) std::abort();
    }
  }
  return 0;
}
