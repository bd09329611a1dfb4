// SPDX-License-Identifier: MIT
/* The reference smclib driver: a reader driver written the Windows way, against smclib.h and
 * winsmcrd.h only, whose "hardware" is the simulated card's byte line (docs/smclib.md,
 * "The reference driver"). Files as in a WDK reader driver:
 *   callbacks.c        ReaderKitAddDevice/RemoveDevice and the RDF_* callbacks
 *   reader_commands.c  what the reader does on the line: T=0 procedure bytes, T=1 blocks, PPS
 *   hardware.c         the few functions that touch the hardware (here: the simulated line) */
#ifndef READERKIT_SMCLIB_EXAMPLE_H
#define READERKIT_SMCLIB_EXAMPLE_H

#include <smclib.h>

struct RkSimLine;

/* The driver's own per-reader data (SMARTCARD_EXTENSION.ReaderExtension). */
typedef struct _READER_EXTENSION {
  struct RkSimLine *Line;
  PSMARTCARD_EXTENSION SmartcardExtension; /* for the card-event callback */
} READER_EXTENSION;

/* hardware.c: NTSTATUS results (STATUS_IO_TIMEOUT when the card stays silent, STATUS_NO_MEDIA
 * when it is gone). */
NTSTATUS ExampleHwOpen(PSMARTCARD_EXTENSION SmartcardExtension, const char *Options);
VOID ExampleHwClose(PSMARTCARD_EXTENSION SmartcardExtension);
BOOLEAN ExampleHwCardPresent(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS ExampleHwReset(PSMARTCARD_EXTENSION SmartcardExtension, PUCHAR Atr, PULONG AtrLength);
NTSTATUS ExampleHwPowerDown(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS ExampleHwFlush(PSMARTCARD_EXTENSION SmartcardExtension); /* before each TRANSMIT */
NTSTATUS ExampleHwSend(PSMARTCARD_EXTENSION SmartcardExtension, const UCHAR *Data, ULONG Length);
NTSTATUS ExampleHwReceive(PSMARTCARD_EXTENSION SmartcardExtension, PUCHAR Data, ULONG Length,
                          ULONG TimeoutUs);

/* reader_commands.c */
NTSTATUS ExampleT0Transmit(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS ExampleT1Transmit(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS ExamplePps(PSMARTCARD_EXTENSION SmartcardExtension, ULONG Protocol);

/* callbacks.c: a card came or went (called by hardware.c from the line's event thread). */
VOID ExampleCardEvent(PSMARTCARD_EXTENSION SmartcardExtension, BOOLEAN Present);

#endif
