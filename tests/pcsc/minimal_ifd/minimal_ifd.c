// SPDX-License-Identifier: MIT
/* The smallest IFD handler (pcsc-lite IFD handler API v3, <PCSC/ifdhandler.h>) that pcscd can
   serve a card through: a card that is always there, a fixed T=1 ATR, and 90 00 for every APDU
   at once. It is a yardstick, not a reader: bench/pcscd_compare.py puts it beside ReaderKit's
   handler in one pcscd, so what pcscd itself costs per APDU can be told from what the handler
   adds (docs/performance.md, "Through pcscd"). Built with MINIMAL_IFD_SIZED (the file
   libifd-minimal-sized.so), it answers a readertest case 2 or 4 command (CLA 80, INS 34 or 36)
   as the readertest card does, P1P2 bytes 00 01 02 ... before 90 00, so that pcscd carries the
   same answer back for both handlers. Test-only: never installed or packaged. */
#include <string.h>

#include <PCSC/ifdhandler.h>
#include <PCSC/reader.h>

/* TS 3B (direct convention), T0 83 (TD1 follows, 3 historical bytes), TD1 01 (T=1, nothing
   more), historical "MIN", TCK C8 (the XOR of T0 to the last historical byte; ISO/IEC 7816-3
   §8.2.5 requires it once T=1 is offered). */
static const UCHAR kAtr[] = {0x3B, 0x83, 0x01, 0x4D, 0x49, 0x4E, 0xC8};
static const UCHAR kSuccess[] = {0x90, 0x00};

#ifndef MINIMAL_IFD_SIZED
#define MINIMAL_IFD_SIZED 0
#endif

/* The data before 90 00: P1P2 bytes for a readertest CLA 80 INS 34/36 in the sized variant. */
static DWORD data_length(const UCHAR* apdu, DWORD length) {
  if (!MINIMAL_IFD_SIZED || apdu == NULL || length < 4) return 0;
  if (apdu[0] != 0x80 || (apdu[1] != 0x34 && apdu[1] != 0x36)) return 0;
  return (DWORD)apdu[2] << 8 | apdu[3];
}

/* Copies a value into a capability buffer of *length bytes; *length is the used size. */
static RESPONSECODE give(PDWORD length, PUCHAR value, const UCHAR* data, DWORD size) {
  if (length == NULL || value == NULL || *length < size) {
    if (length != NULL) *length = 0;
    return IFD_ERROR_INSUFFICIENT_BUFFER;
  }
  memcpy(value, data, size);
  *length = size;
  return IFD_SUCCESS;
}

RESPONSECODE IFDHCreateChannelByName(DWORD Lun, LPSTR DeviceName) {
  (void)Lun;
  (void)DeviceName;
  return IFD_SUCCESS;
}

RESPONSECODE IFDHCreateChannel(DWORD Lun, DWORD Channel) {
  (void)Lun;
  (void)Channel;
  return IFD_SUCCESS;
}

RESPONSECODE IFDHCloseChannel(DWORD Lun) {
  (void)Lun;
  return IFD_SUCCESS;
}

RESPONSECODE IFDHGetCapabilities(DWORD Lun, DWORD Tag, PDWORD Length, PUCHAR Value) {
  /* One reader with one slot, not safe for concurrent calls: there is nothing to share. */
  static const UCHAR kOne = 1;
  static const UCHAR kZero = 0;
  (void)Lun;
  switch (Tag) {
    case TAG_IFD_ATR:
    case SCARD_ATTR_ATR_STRING:
      return give(Length, Value, kAtr, sizeof kAtr);
    case TAG_IFD_SLOTS_NUMBER:
    case TAG_IFD_SIMULTANEOUS_ACCESS:
      return give(Length, Value, &kOne, 1);
    case TAG_IFD_THREAD_SAFE:
    case TAG_IFD_SLOT_THREAD_SAFE:
      return give(Length, Value, &kZero, 1);
    default:
      return IFD_ERROR_TAG;
  }
}

RESPONSECODE IFDHSetCapabilities(DWORD Lun, DWORD Tag, DWORD Length, PUCHAR Value) {
  (void)Lun;
  (void)Tag;
  (void)Length;
  (void)Value;
  return IFD_ERROR_TAG;
}

RESPONSECODE IFDHSetProtocolParameters(DWORD Lun, DWORD Protocol, UCHAR Flags, UCHAR PTS1,
                                       UCHAR PTS2, UCHAR PTS3) {
  (void)Lun;
  (void)Flags;
  (void)PTS1;
  (void)PTS2;
  (void)PTS3;
  if (Protocol == SCARD_PROTOCOL_T0 || Protocol == SCARD_PROTOCOL_T1) return IFD_SUCCESS;
  return IFD_PROTOCOL_NOT_SUPPORTED;
}

RESPONSECODE IFDHPowerICC(DWORD Lun, DWORD Action, PUCHAR Atr, PDWORD AtrLength) {
  (void)Lun;
  if (AtrLength == NULL) return IFD_COMMUNICATION_ERROR;
  *AtrLength = 0;
  switch (Action) {
    case IFD_POWER_UP:
    case IFD_RESET:
      if (Atr == NULL) return IFD_COMMUNICATION_ERROR;
      memcpy(Atr, kAtr, sizeof kAtr); /* pcscd's buffer holds MAX_ATR_SIZE (33) bytes */
      *AtrLength = sizeof kAtr;
      return IFD_SUCCESS;
    case IFD_POWER_DOWN:
      return IFD_SUCCESS;
    default:
      return IFD_NOT_SUPPORTED;
  }
}

RESPONSECODE IFDHTransmitToICC(DWORD Lun, SCARD_IO_HEADER SendPci, PUCHAR TxBuffer, DWORD TxLength,
                               PUCHAR RxBuffer, PDWORD RxLength, PSCARD_IO_HEADER RecvPci) {
  const DWORD data = data_length(TxBuffer, TxLength);
  (void)Lun;
  if (RxLength == NULL) return IFD_COMMUNICATION_ERROR;
  if (RxBuffer == NULL || *RxLength < data + sizeof kSuccess) {
    *RxLength = 0;
    return IFD_COMMUNICATION_ERROR;
  }
  for (DWORD i = 0; i < data; ++i) RxBuffer[i] = (UCHAR)i;
  memcpy(RxBuffer + data, kSuccess, sizeof kSuccess);
  *RxLength = data + sizeof kSuccess;
  if (RecvPci != NULL) *RecvPci = SendPci;
  return IFD_SUCCESS;
}

RESPONSECODE IFDHControl(DWORD Lun, DWORD dwControlCode, PUCHAR TxBuffer, DWORD TxLength,
                         PUCHAR RxBuffer, DWORD RxLength, LPDWORD pdwBytesReturned) {
  (void)Lun;
  (void)dwControlCode;
  (void)TxBuffer;
  (void)TxLength;
  (void)RxBuffer;
  (void)RxLength;
  if (pdwBytesReturned != NULL) *pdwBytesReturned = 0;
  return IFD_ERROR_NOT_SUPPORTED;
}

RESPONSECODE IFDHICCPresence(DWORD Lun) {
  (void)Lun;
  return IFD_ICC_PRESENT;
}
