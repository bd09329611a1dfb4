// SPDX-License-Identifier: MIT
/* The hardware access of the reference driver: every touch of the reader goes through these
 * functions. The "reader" is the simulated card's byte line (readerkit/sim/sim_line_c.h); a
 * port to a real reader replaces this file. */
#include <readerkit/sim/sim_line_c.h>

#include "example.h"

static NTSTATUS HwStatus(int Result) {
  switch (Result) {
    case RK_LINE_OK:
      return STATUS_SUCCESS;
    case RK_LINE_TIMEOUT:
      return STATUS_IO_TIMEOUT;
    case RK_LINE_NO_CARD:
      return STATUS_NO_MEDIA;
    default:
      return STATUS_BUFFER_TOO_SMALL;
  }
}

/* The line's card events, on the control socket's thread: the reader's "interrupt". */
static void HwEvent(void *Context, int Present) {
  ExampleCardEvent((PSMARTCARD_EXTENSION)Context, Present ? TRUE : FALSE);
}

NTSTATUS ExampleHwOpen(PSMARTCARD_EXTENSION SmartcardExtension, const char *Options) {
  char error[256];
  struct RkSimLine *line = rk_sim_line_open(Options, HwEvent, SmartcardExtension, error,
                                            sizeof error);
  if (line == NULL) {
    DbgPrint("smclib example: %s\n", error);
    return STATUS_DEVICE_NOT_CONNECTED;
  }
  SmartcardExtension->ReaderExtension->Line = line;
  return STATUS_SUCCESS;
}

VOID ExampleHwClose(PSMARTCARD_EXTENSION SmartcardExtension) {
  rk_sim_line_close(SmartcardExtension->ReaderExtension->Line);
  SmartcardExtension->ReaderExtension->Line = NULL;
}

BOOLEAN ExampleHwCardPresent(PSMARTCARD_EXTENSION SmartcardExtension) {
  return rk_sim_line_present(SmartcardExtension->ReaderExtension->Line) ? TRUE : FALSE;
}

NTSTATUS ExampleHwReset(PSMARTCARD_EXTENSION SmartcardExtension, PUCHAR Atr, PULONG AtrLength) {
  size_t length = *AtrLength;
  const int result = rk_sim_line_reset(SmartcardExtension->ReaderExtension->Line, Atr, &length);
  *AtrLength = (ULONG)length;
  return HwStatus(result);
}

NTSTATUS ExampleHwPowerDown(PSMARTCARD_EXTENSION SmartcardExtension) {
  return HwStatus(rk_sim_line_power_down(SmartcardExtension->ReaderExtension->Line));
}

NTSTATUS ExampleHwFlush(PSMARTCARD_EXTENSION SmartcardExtension) {
  return HwStatus(rk_sim_line_start_exchange(SmartcardExtension->ReaderExtension->Line));
}

NTSTATUS ExampleHwSend(PSMARTCARD_EXTENSION SmartcardExtension, const UCHAR *Data, ULONG Length) {
  return HwStatus(rk_sim_line_send(SmartcardExtension->ReaderExtension->Line, Data, Length));
}

NTSTATUS ExampleHwReceive(PSMARTCARD_EXTENSION SmartcardExtension, PUCHAR Data, ULONG Length,
                          ULONG TimeoutUs) {
  return HwStatus(
      rk_sim_line_receive(SmartcardExtension->ReaderExtension->Line, Data, Length, TimeoutUs));
}
