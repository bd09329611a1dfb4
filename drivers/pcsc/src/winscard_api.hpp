// SPDX-License-Identifier: MIT
// The PC/SC client API as the pcsc: driver uses it: pcsc-lite's winscard functions, resolved
// with dlopen("libpcsclite.so.1") the first time a pcsc: reader is opened. The library is never
// linked, so the IFD handler (which links this driver through the registry) never brings the
// client library into pcscd. pcsclite.h spells card states and protocols as macros that collide
// with ReaderKit's typed names; ReaderKit's headers go first and the colliding macros are
// removed, the pcsc-lite values kept under names of our own.
#pragma once

#include "readerkit/card.hpp"
#include "readerkit/ioctl.hpp"

#include <PCSC/winscard.h>
#include <PCSC/reader.h>

#include <string>

namespace readerkit::pcsc::detail {

/// pcsc-lite's protocol bits (the same values as ReaderKit's for T=0 and T=1, not for RAW).
inline constexpr DWORD kPcscT0 = SCARD_PROTOCOL_T0;
inline constexpr DWORD kPcscT1 = SCARD_PROTOCOL_T1;

/// pcsc-lite's SCardControl code for an IOCTL function number (reader.h's SCARD_CTL_CODE,
/// 0x42000000 + n, where ReaderKit's is the Windows form).
constexpr DWORD pcsc_control_code(std::uint32_t function) {
  return SCARD_CTL_CODE(function);
}

/// The winscard entry points, resolved once.
struct WinscardApi {
  decltype(&::SCardEstablishContext) establish_context;
  decltype(&::SCardReleaseContext) release_context;
  decltype(&::SCardListReaders) list_readers;
  decltype(&::SCardConnect) connect;
  decltype(&::SCardReconnect) reconnect;
  decltype(&::SCardDisconnect) disconnect;
  decltype(&::SCardStatus) status;
  decltype(&::SCardTransmit) transmit;
  decltype(&::SCardGetStatusChange) get_status_change;
  decltype(&::SCardCancel) cancel;
  decltype(&::SCardGetAttrib) get_attrib;
  decltype(&::SCardControl) control;
};

/// The API, or nullptr with `error` set when libpcsclite.so.1 cannot be loaded.
const WinscardApi* winscard_api(std::string& error);

}  // namespace readerkit::pcsc::detail

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
#undef SCARD_CTL_CODE
#undef CM_IOCTL_GET_FEATURE_REQUEST
