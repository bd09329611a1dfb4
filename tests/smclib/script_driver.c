// SPDX-License-Identifier: MIT
/* The callbacks of a Windows-style reader driver over a SCRIPT_LINE (script_driver.h). */
#include "script_driver.h"

#include <stdlib.h>

static NTSTATUS ScriptPower(PSMARTCARD_EXTENSION SmartcardExtension) {
  PREADER_EXTENSION reader = SmartcardExtension->ReaderExtension;
  UCHAR atr[64];
  ULONG length = sizeof atr;
  NTSTATUS status;
  if (SmartcardExtension->MinorIoControlCode == SCARD_POWER_DOWN) return STATUS_SUCCESS;
  status = reader->Line->Reset(reader->Line->Context, atr, &length);
  if (!NT_SUCCESS(status)) return status;
  if (length > MAXIMUM_ATR_LENGTH) return STATUS_UNRECOGNIZED_MEDIA;
  RtlCopyMemory(SmartcardExtension->CardCapabilities.ATR.Buffer, atr, length);
  SmartcardExtension->CardCapabilities.ATR.Length = (UCHAR)length;
  status = SmartcardUpdateCardCapabilities(SmartcardExtension);
  if (!NT_SUCCESS(status)) return status;
  if (SmartcardExtension->IoRequest.ReplyBufferLength < length) return STATUS_BUFFER_TOO_SMALL;
  RtlCopyMemory(SmartcardExtension->IoRequest.ReplyBuffer,
                SmartcardExtension->CardCapabilities.ATR.Buffer,
                SmartcardExtension->CardCapabilities.ATR.Length);
  *SmartcardExtension->IoRequest.Information = SmartcardExtension->CardCapabilities.ATR.Length;
  return STATUS_SUCCESS;
}

static NTSTATUS ScriptSetProtocol(PSMARTCARD_EXTENSION SmartcardExtension) {
  ULONG protocol = SmartcardExtension->MinorIoControlCode & ~SCARD_PROTOCOL_DEFAULT;
  KIRQL irql;
  /* No PPS on this line: the card keeps its default Fi/Di. */
  SmartcardExtension->CardCapabilities.PtsData.Type = PTS_TYPE_DEFAULT;
  SmartcardExtension->CardCapabilities.Protocol.Selected = protocol;
  KeAcquireSpinLock(&SmartcardExtension->OsData->SpinLock, &irql);
  SmartcardExtension->ReaderCapabilities.CurrentState = SCARD_SPECIFIC;
  KeReleaseSpinLock(&SmartcardExtension->OsData->SpinLock, irql);
  *(PULONG)SmartcardExtension->IoRequest.ReplyBuffer = protocol;
  *SmartcardExtension->IoRequest.Information = sizeof(ULONG);
  return STATUS_SUCCESS;
}

/* One exchange of SmartcardRequest for SmartcardReply; silence leaves an empty reply. */
static NTSTATUS ScriptExchange(PSMARTCARD_EXTENSION SmartcardExtension, ULONG WaitUs) {
  PREADER_EXTENSION reader = SmartcardExtension->ReaderExtension;
  ULONG received = 0;
  NTSTATUS status = reader->Line->Exchange(
      reader->Line->Context, SmartcardExtension->SmartcardRequest.Buffer,
      SmartcardExtension->SmartcardRequest.BufferLength, SmartcardExtension->SmartcardReply.Buffer,
      SmartcardExtension->SmartcardReply.BufferSize, &received, WaitUs);
  SmartcardExtension->SmartcardReply.BufferLength = NT_SUCCESS(status) ? received : 0;
  return status == STATUS_IO_TIMEOUT ? STATUS_SUCCESS : status;
}

static NTSTATUS ScriptT1Transmit(PSMARTCARD_EXTENSION SmartcardExtension) {
  NTSTATUS status;
  do {
    ULONG wait = SmartcardExtension->CardCapabilities.T1.BWT;
    SmartcardExtension->SmartcardRequest.BufferLength = 0;
    status = SmartcardT1Request(SmartcardExtension);
    if (!NT_SUCCESS(status)) return status;
    if (SmartcardExtension->T1.Wtx != 0) wait *= SmartcardExtension->T1.Wtx;
    status = ScriptExchange(SmartcardExtension, wait);
    if (!NT_SUCCESS(status)) return status;
    status = SmartcardT1Reply(SmartcardExtension);
  } while (status == STATUS_MORE_PROCESSING_REQUIRED);
  return status;
}

static NTSTATUS ScriptT0Transmit(PSMARTCARD_EXTENSION SmartcardExtension) {
  NTSTATUS status;
  SmartcardExtension->SmartcardRequest.BufferLength = 0;
  status = SmartcardT0Request(SmartcardExtension);
  if (!NT_SUCCESS(status)) return status;
  status = ScriptExchange(SmartcardExtension, SmartcardExtension->CardCapabilities.T0.WT);
  if (!NT_SUCCESS(status)) return status;
  return SmartcardT0Reply(SmartcardExtension);
}

static NTSTATUS ScriptRawTransmit(PSMARTCARD_EXTENSION SmartcardExtension) {
  NTSTATUS status;
  SmartcardExtension->SmartcardRequest.BufferLength = 0;
  status = SmartcardRawRequest(SmartcardExtension);
  if (!NT_SUCCESS(status)) return status;
  status = ScriptExchange(SmartcardExtension, 1000000);
  if (!NT_SUCCESS(status)) return status;
  return SmartcardRawReply(SmartcardExtension);
}

static NTSTATUS ScriptTransmit(PSMARTCARD_EXTENSION SmartcardExtension) {
  switch (SmartcardExtension->CardCapabilities.Protocol.Selected) {
    case SCARD_PROTOCOL_T0:
      return ScriptT0Transmit(SmartcardExtension);
    case SCARD_PROTOCOL_T1:
      return ScriptT1Transmit(SmartcardExtension);
    case SCARD_PROTOCOL_RAW:
      return ScriptRawTransmit(SmartcardExtension);
    default:
      return STATUS_INVALID_DEVICE_REQUEST;
  }
}

static NTSTATUS ScriptCardTracking(PSMARTCARD_EXTENSION SmartcardExtension) {
  KIRQL irql;
  KeAcquireSpinLock(&SmartcardExtension->OsData->SpinLock, &irql);
  SmartcardExtension->ReaderExtension->TrackingIrp = SmartcardExtension->OsData->NotificationIrp;
  SmartcardExtension->ReaderExtension->TrackingCalls++;
  KeReleaseSpinLock(&SmartcardExtension->OsData->SpinLock, irql);
  return STATUS_PENDING;
}

NTSTATUS ScriptDriverCreate(PSMARTCARD_EXTENSION SmartcardExtension, const SCRIPT_LINE* Line) {
  static const char vendor[] = "ReaderKit";
  static const char type[] = "Script";
  PREADER_EXTENSION reader =
      (PREADER_EXTENSION)ExAllocatePoolWithTag(NonPagedPool, sizeof *reader, 'tpcS');
  if (reader == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  RtlZeroMemory(reader, sizeof *reader);
  reader->Line = Line;
  SmartcardExtension->Version = SMCLIB_VERSION;
  SmartcardExtension->ReaderExtension = reader;
  SmartcardExtension->SmartcardRequest.BufferSize = MIN_BUFFER_SIZE;
  SmartcardExtension->SmartcardReply.BufferSize = MIN_BUFFER_SIZE;
  RtlCopyMemory(SmartcardExtension->VendorAttr.VendorName.Buffer, vendor, sizeof vendor - 1);
  SmartcardExtension->VendorAttr.VendorName.Length = sizeof vendor - 1;
  RtlCopyMemory(SmartcardExtension->VendorAttr.IfdType.Buffer, type, sizeof type - 1);
  SmartcardExtension->VendorAttr.IfdType.Length = sizeof type - 1;
  SmartcardExtension->VendorAttr.IfdVersion.VersionMajor = 1;
  SmartcardExtension->ReaderCapabilities.SupportedProtocols = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
  SmartcardExtension->ReaderCapabilities.ReaderType = SCARD_READER_TYPE_VENDOR;
  SmartcardExtension->ReaderCapabilities.CLKFrequency.Default = 3580;
  SmartcardExtension->ReaderCapabilities.CLKFrequency.Max = 3580;
  SmartcardExtension->ReaderCapabilities.DataRate.Default = 9600;
  SmartcardExtension->ReaderCapabilities.DataRate.Max = 9600;
  SmartcardExtension->ReaderCapabilities.MaxIFSD = 254;
  SmartcardExtension->ReaderCapabilities.CurrentState = SCARD_ABSENT;
  SmartcardExtension->ReaderFunction[RDF_CARD_POWER] = ScriptPower;
  SmartcardExtension->ReaderFunction[RDF_SET_PROTOCOL] = ScriptSetProtocol;
  SmartcardExtension->ReaderFunction[RDF_TRANSMIT] = ScriptTransmit;
  SmartcardExtension->ReaderFunction[RDF_CARD_TRACKING] = ScriptCardTracking;
  return SmartcardInitialize(SmartcardExtension);
}

VOID ScriptDriverCardEvent(PSMARTCARD_EXTENSION SmartcardExtension, BOOLEAN Present) {
  KIRQL irql;
  KeAcquireSpinLock(&SmartcardExtension->OsData->SpinLock, &irql);
  SmartcardExtension->ReaderCapabilities.CurrentState = Present ? SCARD_SWALLOWED : SCARD_ABSENT;
  KeReleaseSpinLock(&SmartcardExtension->OsData->SpinLock, irql);
  SmartcardCompleteCardTracking(SmartcardExtension);
}

VOID ScriptDriverDestroy(PSMARTCARD_EXTENSION SmartcardExtension) {
  PREADER_EXTENSION reader = SmartcardExtension->ReaderExtension;
  SmartcardExit(SmartcardExtension);
  ExFreePoolWithTag(reader, 'tpcS');
  SmartcardExtension->ReaderExtension = NULL;
}
