// SPDX-License-Identifier: MIT
// The RDF callbacks of one CCID slot (docs/contract/ioctl.md §3) and the context they work in.
#pragma once

#include "readerkit/ccid/descriptor.hpp"
#include "readerkit/ccid/quirks.hpp"
#include "readerkit/ccid/slot_io.hpp"
#include "readerkit/driver.hpp"
#include "readerkit/log.hpp"

namespace readerkit::ccid::detail {

/// What a slot's callbacks need: its operations, the reader's description and options.
struct SlotContext {
  SlotIo& io;
  const ClassDescriptor& descriptor;
  const Quirks& quirks;
  bool allow_escape = false;
  Log log;
};

/// The callback table of one slot: power, transmit, set protocol, tracking and (only when
/// the options allow it) the vendor escape.
CallbackTable make_callbacks(SlotContext& slot);

/// The CCID abProtocolDataStructure for the parameters now in use on the card (§6.1.7).
ProtocolData protocol_data_for(const CardCapabilities& card, std::uint32_t protocol,
                               std::uint8_t fi_di);

}  // namespace readerkit::ccid::detail
