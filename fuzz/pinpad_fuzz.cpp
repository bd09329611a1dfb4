// SPDX-License-Identifier: MIT
// Fuzz target: PIN_VERIFY_STRUCTURE / PIN_MODIFY_STRUCTURE parsing and the APDU a PIN pad
// builds from any structure that parses, with PINs of every allowed length: never a write
// outside the template, never an APDU over 260 bytes, Lc always the data length.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "readerkit/pinpad.hpp"

using namespace readerkit;

namespace {

void check(const Bytes& apdu) {
  if (apdu.size() < 5 || apdu.size() > PIN_APDU_MAX) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> in(reinterpret_cast<const std::byte*>(data), size);
  if (auto v = parse_pin_verify(in)) {
    for (std::size_t n = v->common.min_digits; n <= v->common.max_digits; ++n) {
      Bytes apdu;
      if (build_verify_apdu(*v, std::string(n, '7'), apdu) == PinError::none) check(apdu);
    }
  }
  if (auto m = parse_pin_modify(in)) {
    const std::string lo(m->common.min_digits, '1'), hi(m->common.max_digits, '9');
    Bytes apdu;
    if (build_modify_apdu(*m, hi, hi, apdu) == PinError::none) check(apdu);
    if (build_modify_apdu(*m, lo, lo, apdu) == PinError::none) check(apdu);
  }
  return 0;
}
