// SPDX-License-Identifier: MIT
// The IFD handler API v3 entry points (<PCSC/ifdhandler.h>), the library's only exports.
// Each looks up the slot for its Lun, calls the handler code and catches everything: no
// exception crosses into pcscd, and every output length is 0 on any error (except
// IFDHGetCapabilities' IFD_ERROR_TAG, which leaves *Length as pcscd gave it).
#include <exception>
#include <span>
#include <string>

#include <readerkit/version.hpp>

#include "capabilities.hpp"
#include "card_io.hpp"
#include "control.hpp"
#include "pcsc_api.hpp"
#include "pcscd_log.hpp"
#include "reader_table.hpp"

#define IFDH_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using readerkit::ifd::PcscLogPriority;
using readerkit::ifd::ReaderTable;
using readerkit::ifd::Slot;

template <class Body>
RESPONSECODE guarded(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    try {
      readerkit::ifd::pcscd_log(PcscLogPriority::error,
                                std::string("ReaderKit: ") + function + ": " + e.what());
    } catch (...) {
    }
  } catch (...) {
  }
  return IFD_COMMUNICATION_ERROR;
}

// Runs `body` on the Lun's slot; IFD_NO_SUCH_DEVICE (pcscd drops the reader) when none is open.
template <class Body>
RESPONSECODE on_slot(const char* function, DWORD lun, Body&& body) noexcept {
  return guarded(function, [&]() -> RESPONSECODE {
    const auto slot = ReaderTable::instance().find(lun);
    if (!slot) return IFD_NO_SUCH_DEVICE;
    return body(*slot);
  });
}

std::span<std::byte> out_bytes(PUCHAR p, std::size_t n) {
  return p == nullptr ? std::span<std::byte>{} : std::span(reinterpret_cast<std::byte*>(p), n);
}
std::span<const std::byte> in_bytes(const UCHAR* p, std::size_t n) {
  return p == nullptr ? std::span<const std::byte>{}
                      : std::span(reinterpret_cast<const std::byte*>(p), n);
}

// One line in pcscd's log when pcscd loads the handler, so a log says which version served it.
__attribute__((constructor)) void log_loaded() noexcept {
  try {
    readerkit::ifd::pcscd_log(
        PcscLogPriority::info,
        "ReaderKit IFD handler " + std::string(readerkit::kVersionString) + " loaded");
  } catch (...) {
  }
}

}  // namespace

IFDH_EXPORT RESPONSECODE IFDHCreateChannelByName(DWORD Lun, LPSTR DeviceName) {
  return guarded(__func__, [&] {
    return ReaderTable::instance().open(Lun, DeviceName == nullptr ? "" : DeviceName);
  });
}

IFDH_EXPORT RESPONSECODE IFDHCreateChannel(DWORD Lun, DWORD Channel) {
  return guarded(__func__, [&] {
    // Without a DEVICENAME nothing says which driver to use: refuse rather than guess.
    readerkit::ifd::pcscd_log(PcscLogPriority::error,
                              "ReaderKit: reader with CHANNELID " + std::to_string(Channel) +
                                  " has no DEVICENAME; give one, e.g. sim:profile=default");
    (void)Lun;
    return static_cast<RESPONSECODE>(IFD_COMMUNICATION_ERROR);
  });
}

IFDH_EXPORT RESPONSECODE IFDHCloseChannel(DWORD Lun) {
  return guarded(__func__, [&] { return ReaderTable::instance().close(Lun); });
}

IFDH_EXPORT RESPONSECODE IFDHGetCapabilities(DWORD Lun, DWORD Tag, PDWORD Length, PUCHAR Value) {
  if (Length == nullptr) return IFD_COMMUNICATION_ERROR;
  const DWORD capacity = *Length;
  *Length = 0;
  const RESPONSECODE rc = on_slot(__func__, Lun, [&](const Slot& slot) {
    std::size_t n = 0;
    const RESPONSECODE code =
        readerkit::ifd::get_capability(slot, Tag, out_bytes(Value, capacity), n);
    *Length = static_cast<DWORD>(n);
    return code;
  });
  // The one exception to "0 on error": on an unknown tag pcscd answers some attributes itself
  // (SCARD_ATTR_DEVICE_FRIENDLY_NAME, _SYSTEM_NAME) and checks the name against *Length.
  if (rc == IFD_ERROR_TAG) *Length = capacity;
  return rc;
}

IFDH_EXPORT RESPONSECODE IFDHSetCapabilities(DWORD Lun, DWORD Tag, DWORD Length, PUCHAR Value) {
  return on_slot(__func__, Lun, [&](const Slot& slot) {
    return readerkit::ifd::set_capability(slot, Tag, in_bytes(Value, Length));
  });
}

IFDH_EXPORT RESPONSECODE IFDHSetProtocolParameters(DWORD Lun, DWORD Protocol, UCHAR Flags,
                                                   UCHAR PTS1, UCHAR PTS2, UCHAR PTS3) {
  (void)PTS2;  // PTS2/PTS3 (N and RFU) are not negotiated: the library proposes only Fi/Di
  (void)PTS3;
  return on_slot(__func__, Lun, [&](const Slot& slot) {
    return readerkit::ifd::set_protocol(slot, Protocol, Flags, PTS1);
  });
}

IFDH_EXPORT RESPONSECODE IFDHPowerICC(DWORD Lun, DWORD Action, PUCHAR Atr, PDWORD AtrLength) {
  if (AtrLength != nullptr) *AtrLength = 0;
  return on_slot(__func__, Lun, [&](const Slot& slot) {
    std::size_t n = 0;
    const RESPONSECODE rc =
        readerkit::ifd::power_icc(slot, Action, out_bytes(Atr, MAX_ATR_SIZE), n);
    if (AtrLength != nullptr) *AtrLength = static_cast<DWORD>(n);
    return rc;
  });
}

IFDH_EXPORT RESPONSECODE IFDHTransmitToICC(DWORD Lun, SCARD_IO_HEADER SendPci, PUCHAR TxBuffer,
                                           DWORD TxLength, PUCHAR RxBuffer, PDWORD RxLength,
                                           PSCARD_IO_HEADER RecvPci) {
  if (RxLength == nullptr) return IFD_COMMUNICATION_ERROR;
  const std::size_t capacity = *RxLength;
  *RxLength = 0;
  return on_slot(__func__, Lun, [&](const Slot& slot) {
    std::size_t n = 0;
    const RESPONSECODE rc = readerkit::ifd::transmit(
        slot, SendPci.Protocol, in_bytes(TxBuffer, TxLength), out_bytes(RxBuffer, capacity), n);
    *RxLength = static_cast<DWORD>(n);
    if (rc == IFD_SUCCESS && RecvPci != nullptr) *RecvPci = SendPci;
    return rc;
  });
}

IFDH_EXPORT RESPONSECODE IFDHControl(DWORD Lun, DWORD dwControlCode, PUCHAR TxBuffer,
                                     DWORD TxLength, PUCHAR RxBuffer, DWORD RxLength,
                                     LPDWORD pdwBytesReturned) {
  if (pdwBytesReturned != nullptr) *pdwBytesReturned = 0;
  return on_slot(__func__, Lun, [&](const Slot& slot) {
    std::size_t n = 0;
    const RESPONSECODE rc = readerkit::ifd::handle_control(
        slot, static_cast<std::uint32_t>(dwControlCode), in_bytes(TxBuffer, TxLength),
        out_bytes(RxBuffer, RxLength), n);
    if (pdwBytesReturned != nullptr) *pdwBytesReturned = static_cast<DWORD>(n);
    return rc;
  });
}

IFDH_EXPORT RESPONSECODE IFDHICCPresence(DWORD Lun) {
  return on_slot(__func__, Lun,
                 [&](const Slot& slot) { return readerkit::ifd::icc_presence(slot); });
}
