// SPDX-License-Identifier: MIT
/* A minimal reader driver written the Windows way (callbacks on SMARTCARD_EXTENSION, the
 * library's request/reply routines), whose hardware access is a SCRIPT_LINE the test supplies.
 * Compiled as C; the tests drive it through SmartcardDeviceControl. */
#ifndef READERKIT_TEST_SCRIPT_DRIVER_H
#define READERKIT_TEST_SCRIPT_DRIVER_H

#include "smclib.h"

READERKIT_WDK_BEGIN

typedef struct _SCRIPT_LINE {
  void* Context;
  /* Resets the card: its ATR bytes as read from the line. */
  NTSTATUS (*Reset)(void* Context, PUCHAR Atr, PULONG AtrLength);
  /* Sends bytes, then receives the card's answer within WaitUs (STATUS_IO_TIMEOUT: silence). */
  NTSTATUS (*Exchange)
  (void* Context, const UCHAR* Send, ULONG SendLength, PUCHAR Receive, ULONG ReceiveSize,
   PULONG ReceiveLength, ULONG WaitUs);
} SCRIPT_LINE;

struct _READER_EXTENSION {
  const SCRIPT_LINE* Line;
  PIRP TrackingIrp; /* OsData->NotificationIrp seen by the tracking callback */
  ULONG TrackingCalls;
};

/* Plays AddDevice: fills the extension and calls SmartcardInitialize. */
NTSTATUS ScriptDriverCreate(PSMARTCARD_EXTENSION SmartcardExtension, const SCRIPT_LINE* Line);
/* The driver's interrupt: the card came or went. */
VOID ScriptDriverCardEvent(PSMARTCARD_EXTENSION SmartcardExtension, BOOLEAN Present);
/* Plays RemoveDevice. */
VOID ScriptDriverDestroy(PSMARTCARD_EXTENSION SmartcardExtension);

READERKIT_WDK_END

#endif
