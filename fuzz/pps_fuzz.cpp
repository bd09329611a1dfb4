// SPDX-License-Identifier: MIT
// Fuzz target: PPS response validation. Byte 0 is the protocol and whether PPS1 is sent,
// byte 1 is PPS1; the rest is the card's answer. Success must mean an echo.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

#include "readerkit/pps.hpp"

using namespace readerkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::optional<std::uint8_t> pps1 =
      (data[0] & 0x10) ? std::optional<std::uint8_t>(data[1]) : std::nullopt;
  const PpsRequest request = make_pps_request(data[0] & 0x0F, pps1);
  const std::span<const std::byte> response(reinterpret_cast<const std::byte*>(data) + 2, size - 2);
  auto ta1 = check_pps_response(request, response);
  if (!ta1) return 0;
  if (response.size() < 3 || response[0] != PPSS) std::abort();
  if (*ta1 != request.ta1 && *ta1 != 0x11) std::abort();
  if ((static_cast<std::uint8_t>(response[1]) & 0x0F) != (data[0] & 0x0F)) std::abort();
  return 0;
}
