// SPDX-License-Identifier: MIT
/* What the reader does on the line, as a UART reader's driver does it: T=0 procedure bytes
 * (ISO/IEC 7816-3 §10.3.3), T=1 blocks (§11.3) and PPS (§9). The library builds and checks the
 * protocol data (SmartcardT0Request/Reply, SmartcardT1Request/Reply, PtsData); this file only
 * moves bytes and waits the times the card capabilities give. Bytes on the line are electrical
 * values: for an inverse-convention card the library inverts SmartcardRequest/Reply itself,
 * and this file inverts a copy only where it has to read a byte's meaning. */
#include "example.h"

#define EXAMPLE_DEFAULT_WAIT_US 1000000 /* when the card capabilities give no wait time */
#define EXAMPLE_MAX_NULLS 100000        /* T=0 NULL bytes accepted in one exchange */

static UCHAR ExampleLogical(PSMARTCARD_EXTENSION SmartcardExtension, UCHAR LineByte) {
  if (SmartcardExtension->CardCapabilities.InversConvention)
    SmartcardInvertData(&LineByte, 1);
  return LineByte;
}

static ULONG ExampleWait(ULONG Us) {
  return Us != 0 ? Us : EXAMPLE_DEFAULT_WAIT_US;
}

/* ---- T=0 ---------------------------------------------------------------------------------- */

/* Receives `Count` bytes into the reply at `*Received`. */
static NTSTATUS ExampleT0ReceiveData(PSMARTCARD_EXTENSION SmartcardExtension, PULONG Received,
                                     ULONG Count, ULONG Wait) {
  PSMARTCARD_REPLY reply = &SmartcardExtension->SmartcardReply;
  NTSTATUS status;
  if (*Received + Count + 2 > reply->BufferSize) return STATUS_BUFFER_OVERFLOW;
  status = ExampleHwReceive(SmartcardExtension, reply->Buffer + *Received, Count, Wait);
  if (NT_SUCCESS(status)) *Received += Count;
  return status;
}

NTSTATUS ExampleT0Transmit(PSMARTCARD_EXTENSION SmartcardExtension) {
  PSMARTCARD_REQUEST request = &SmartcardExtension->SmartcardRequest;
  const ULONG wait = ExampleWait(SmartcardExtension->CardCapabilities.T0.WT);
  ULONG sent = 0, received = 0, nulls = 0;
  UCHAR ins, complement;
  NTSTATUS status;

  request->BufferLength = 0;
  status = SmartcardT0Request(SmartcardExtension);
  if (!NT_SUCCESS(status)) return status;
  ins = ExampleLogical(SmartcardExtension, request->Buffer[1]);
  complement = (UCHAR)(0xFF - ins);
  status = ExampleHwSend(SmartcardExtension, request->Buffer, 5);
  if (!NT_SUCCESS(status)) return status;

  for (;;) {
    UCHAR line, pb;
    const ULONG toSend = SmartcardExtension->T0.Lc - sent;
    const ULONG toReceive = SmartcardExtension->T0.Le - received;
    status = ExampleHwReceive(SmartcardExtension, &line, 1, wait);
    if (!NT_SUCCESS(status)) return status;
    pb = ExampleLogical(SmartcardExtension, line);
    if (pb == 0x60) { /* NULL: the card needs more time, WT starts again */
      if (++nulls > EXAMPLE_MAX_NULLS) return STATUS_DEVICE_PROTOCOL_ERROR;
      continue;
    }
    if ((pb & 0xF0) == 0x60 || (pb & 0xF0) == 0x90) { /* SW1, then SW2 */
      SmartcardExtension->SmartcardReply.Buffer[received] = line;
      status = ExampleHwReceive(SmartcardExtension,
                                SmartcardExtension->SmartcardReply.Buffer + received + 1, 1, wait);
      if (!NT_SUCCESS(status)) return status;
      SmartcardExtension->SmartcardReply.BufferLength = received + 2;
      return SmartcardT0Reply(SmartcardExtension);
    }
    if (pb != ins && pb != complement) return STATUS_DEVICE_PROTOCOL_ERROR;
    if (toSend > 0) { /* ACK: all the rest; complement: one byte */
      const ULONG n = pb == ins ? toSend : 1;
      status = ExampleHwSend(SmartcardExtension, request->Buffer + 5 + sent, n);
      sent += n;
    } else if (toReceive > 0) {
      status = ExampleT0ReceiveData(SmartcardExtension, &received, pb == ins ? toReceive : 1, wait);
    } else {
      return STATUS_DEVICE_PROTOCOL_ERROR; /* nothing left to move */
    }
    if (!NT_SUCCESS(status)) return status;
  }
}

/* ---- T=1 ---------------------------------------------------------------------------------- */

/* One block from the card into SmartcardReply: the prologue within `Wait` (BWT, times the WTX
 * multiplier), the rest within CWT of each other. Nothing in time is an empty reply, which the
 * library counts as a timeout; a block cut short is passed on as it is, and rejected there. */
static NTSTATUS ExampleT1ReceiveBlock(PSMARTCARD_EXTENSION SmartcardExtension, ULONG Wait) {
  PSMARTCARD_REPLY reply = &SmartcardExtension->SmartcardReply;
  const ULONG edc = (SmartcardExtension->CardCapabilities.T1.EDC & T1_CRC_CHECK) ? 2 : 1;
  const ULONG cwt = ExampleWait(SmartcardExtension->CardCapabilities.T1.CWT);
  ULONG rest;
  NTSTATUS status;
  reply->BufferLength = 0;
  status = ExampleHwReceive(SmartcardExtension, reply->Buffer, 3, Wait);
  if (status == STATUS_IO_TIMEOUT) return STATUS_SUCCESS;
  if (!NT_SUCCESS(status)) return status;
  reply->BufferLength = 3;
  rest = ExampleLogical(SmartcardExtension, reply->Buffer[2]) + edc;
  if (3 + rest > reply->BufferSize) return STATUS_SUCCESS; /* LEN 255: invalid, let it be seen */
  status = ExampleHwReceive(SmartcardExtension, reply->Buffer + 3, rest, cwt);
  if (status == STATUS_IO_TIMEOUT) return STATUS_SUCCESS;
  if (NT_SUCCESS(status)) reply->BufferLength = 3 + rest;
  return status;
}

/* The smclib loop: request, send, receive, reply, while the library wants more. */
NTSTATUS ExampleT1Transmit(PSMARTCARD_EXTENSION SmartcardExtension) {
  NTSTATUS status;
  do {
    ULONG wait = ExampleWait(SmartcardExtension->CardCapabilities.T1.BWT);
    if (SmartcardExtension->T1.Wtx > 1) wait *= SmartcardExtension->T1.Wtx;
    SmartcardExtension->SmartcardRequest.BufferLength = 0;
    status = SmartcardT1Request(SmartcardExtension);
    if (!NT_SUCCESS(status)) return status;
    status = ExampleHwSend(SmartcardExtension, SmartcardExtension->SmartcardRequest.Buffer,
                           SmartcardExtension->SmartcardRequest.BufferLength);
    if (!NT_SUCCESS(status)) return status;
    status = ExampleT1ReceiveBlock(SmartcardExtension, wait);
    if (!NT_SUCCESS(status)) return status;
    status = SmartcardT1Reply(SmartcardExtension);
  } while (status == STATUS_MORE_PROCESSING_REQUIRED);
  return status;
}

/* ---- PPS ---------------------------------------------------------------------------------- */

/* The protocol the card starts in: T of TD1, T=0 without TD1 (ISO/IEC 7816-3 §8.2.3). */
static ULONG ExampleFirstProtocol(PSMARTCARD_EXTENSION SmartcardExtension) {
  const PUCHAR atr = SmartcardExtension->CardCapabilities.ATR.Buffer;
  const UCHAR t0 = atr[1];
  ULONG i = 2;
  if (SmartcardExtension->CardCapabilities.ATR.Length < 2 || (t0 & 0x80) == 0)
    return SCARD_PROTOCOL_T0;
  i += ((t0 >> 4) & 1) + ((t0 >> 5) & 1) + ((t0 >> 6) & 1); /* TA1 TB1 TC1 */
  if (i >= SmartcardExtension->CardCapabilities.ATR.Length) return SCARD_PROTOCOL_T0;
  return (atr[i] & 0x0F) == 1 ? SCARD_PROTOCOL_T1 : SCARD_PROTOCOL_T0;
}

/* One PPS exchange; STATUS_SUCCESS only when the card echoes it (§9.3). */
static NTSTATUS ExamplePpsExchange(PSMARTCARD_EXTENSION SmartcardExtension, ULONG Protocol,
                                   BOOLEAN WithPps1) {
  const ULONG wait = ExampleWait(SmartcardExtension->CardCapabilities.T0.WT);
  UCHAR request[4], answer[4];
  ULONG length = 0, i;
  NTSTATUS status;
  request[length++] = 0xFF;
  request[length++] = (UCHAR)((WithPps1 ? 0x10 : 0x00) | (Protocol == SCARD_PROTOCOL_T1 ? 1 : 0));
  if (WithPps1)
    request[length++] = (UCHAR)(SmartcardExtension->CardCapabilities.PtsData.Fl << 4 |
                                SmartcardExtension->CardCapabilities.PtsData.Dl);
  request[length] = 0;
  for (i = 0; i < length; ++i) request[length] ^= request[i];
  ++length;
  if (SmartcardExtension->CardCapabilities.InversConvention) SmartcardInvertData(request, length);
  status = ExampleHwSend(SmartcardExtension, request, length);
  if (!NT_SUCCESS(status)) return status;
  status = ExampleHwReceive(SmartcardExtension, answer, length, wait);
  if (!NT_SUCCESS(status)) return status;
  return RtlCompareMemory(answer, request, length) == length ? STATUS_SUCCESS : STATUS_DEVICE_PROTOCOL_ERROR;
}

/* A refused PPS leaves the card waiting for a reset (§9.3): reset it, default Fi/Di. */
static NTSTATUS ExampleResetAfterRefusedPps(PSMARTCARD_EXTENSION SmartcardExtension) {
  UCHAR atr[MAXIMUM_ATR_LENGTH + 1];
  ULONG length = sizeof atr;
  NTSTATUS status = ExampleHwReset(SmartcardExtension, atr, &length);
  if (!NT_SUCCESS(status)) return status;
  SmartcardExtension->CardCapabilities.PtsData.Type = PTS_TYPE_DEFAULT;
  return SmartcardUpdateCardCapabilities(SmartcardExtension);
}

/* PPS for SET_PROTOCOL: the library's proposal (PtsData OPTIMAL: Fl/Dl) and the protocol, or
 * just the protocol when it is not the card's first; no PPS when neither changes anything. */
NTSTATUS ExamplePps(PSMARTCARD_EXTENSION SmartcardExtension, ULONG Protocol) {
  const BOOLEAN faster = SmartcardExtension->CardCapabilities.PtsData.Type == PTS_TYPE_OPTIMAL;
  const BOOLEAN other = Protocol != ExampleFirstProtocol(SmartcardExtension);
  NTSTATUS status;
  if (Protocol == SCARD_PROTOCOL_RAW || (!faster && !other)) return STATUS_SUCCESS;
  status = ExamplePpsExchange(SmartcardExtension, Protocol, faster);
  if (NT_SUCCESS(status) || status == STATUS_NO_MEDIA) return status;
  status = ExampleResetAfterRefusedPps(SmartcardExtension);
  if (!NT_SUCCESS(status) || !other) return status;
  status = ExamplePpsExchange(SmartcardExtension, Protocol, FALSE);
  return status == STATUS_NO_MEDIA ? status : (NT_SUCCESS(status) ? status : STATUS_NOT_SUPPORTED);
}
