// SPDX-License-Identifier: MIT
// The one place the handler includes pcsc-lite's IFD handler header. pcsclite.h spells card
// states and protocol bits as macros (SCARD_PRESENT, SCARD_PROTOCOL_T0, ...) that collide with
// ReaderKit's typed names (readerkit/card.hpp) and, for RAW, have other values; the ReaderKit
// headers go first and the colliding macros are removed, keeping the pcsc-lite values we need
// under names of our own.
#pragma once

#include "readerkit/card.hpp"

// ifdhandler.h declares the IFDH functions without C linkage of its own.
extern "C" {
#include <PCSC/ifdhandler.h>
}

namespace readerkit::ifd {
/// pcsc-lite's protocol numbers (the values pcscd passes to IFDHSetProtocolParameters and, for
/// RAW, in SCARD_IO_HEADER.Protocol).
inline constexpr DWORD kPcscProtocolT0 = SCARD_PROTOCOL_T0;
inline constexpr DWORD kPcscProtocolT1 = SCARD_PROTOCOL_T1;
inline constexpr DWORD kPcscProtocolRaw = SCARD_PROTOCOL_RAW;
}  // namespace readerkit::ifd

#undef SCARD_ABSENT
#undef SCARD_NEGOTIABLE
#undef SCARD_POWERED
#undef SCARD_PRESENT
#undef SCARD_PROTOCOL_RAW
#undef SCARD_PROTOCOL_T0
#undef SCARD_PROTOCOL_T1
#undef SCARD_PROTOCOL_UNDEFINED
#undef SCARD_SPECIFIC
#undef SCARD_SWALLOWED
#undef SCARD_UNKNOWN
