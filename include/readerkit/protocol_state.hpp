// The T=0 / T=1 protocol state kept per device (library-owned; a driver may change only the
// NAD). The protocol layer adds its engines' state here.
#pragma once

#include <cstdint>

namespace readerkit {

struct ProtocolState {
  std::uint8_t nad = 0;              // T=1 node address byte a driver may set
  std::uint32_t wtx_multiplier = 1;  // last S(WTX) multiplier, for SCARD_ATTR_EXTENDED_BWT
  bool suppress_t1_ifs_request = false;
};

}  // namespace readerkit
