// SPDX-License-Identifier: MIT
/* The reference driver's entry points and RDF_* callbacks, shaped like a WDK reader driver's:
 * the library validates each request and calls these with the request in the extension. */
#include <string.h>

#include "example.h"

#define EXAMPLE_TAG 'lpxE'

/* A card came or went: the reader's "interrupt". The driver owns presence in CurrentState
 * (under the spin lock), then lets the library complete a pending tracking request
 * (OsData->NotificationIrp) without holding the lock. */
VOID ExampleCardEvent(PSMARTCARD_EXTENSION SmartcardExtension, BOOLEAN Present) {
  KIRQL irql;
  KeAcquireSpinLock(&SmartcardExtension->OsData->SpinLock, &irql);
  SmartcardExtension->ReaderCapabilities.CurrentState = Present ? SCARD_SWALLOWED : SCARD_ABSENT;
  KeReleaseSpinLock(&SmartcardExtension->OsData->SpinLock, irql);
  SmartcardCompleteCardTracking(SmartcardExtension);
}

static NTSTATUS ExampleCardPower(PSMARTCARD_EXTENSION SmartcardExtension) {
  UCHAR atr[MAXIMUM_ATR_LENGTH + 1];
  ULONG length = sizeof atr;
  NTSTATUS status;
  if (SmartcardExtension->MinorIoControlCode == SCARD_POWER_DOWN)
    return ExampleHwPowerDown(SmartcardExtension);
  /* Cold and warm reset are the same for the simulated card. */
  status = ExampleHwReset(SmartcardExtension, atr, &length);
  if (!NT_SUCCESS(status)) return status;
  if (length > MAXIMUM_ATR_LENGTH) return STATUS_UNRECOGNIZED_MEDIA;
  RtlCopyMemory(SmartcardExtension->CardCapabilities.ATR.Buffer, atr, length);
  SmartcardExtension->CardCapabilities.ATR.Length = (UCHAR)length;
  status = SmartcardUpdateCardCapabilities(SmartcardExtension);
  if (!NT_SUCCESS(status)) return status;
  if (SmartcardExtension->IoRequest.ReplyBufferLength < SmartcardExtension->CardCapabilities.ATR.Length)
    return STATUS_BUFFER_TOO_SMALL;
  RtlCopyMemory(SmartcardExtension->IoRequest.ReplyBuffer,
                SmartcardExtension->CardCapabilities.ATR.Buffer,
                SmartcardExtension->CardCapabilities.ATR.Length);
  *SmartcardExtension->IoRequest.Information = SmartcardExtension->CardCapabilities.ATR.Length;
  return STATUS_SUCCESS;
}

/* The first protocol of the mask the card offers; T=1 before T=0 as most readers prefer. */
static ULONG ExampleChooseProtocol(PSMARTCARD_EXTENSION SmartcardExtension) {
  const ULONG asked = SmartcardExtension->MinorIoControlCode &
                      SmartcardExtension->CardCapabilities.Protocol.Supported;
  if (asked & SCARD_PROTOCOL_T1) return SCARD_PROTOCOL_T1;
  if (asked & SCARD_PROTOCOL_T0) return SCARD_PROTOCOL_T0;
  if (asked & SCARD_PROTOCOL_RAW) return SCARD_PROTOCOL_RAW;
  return 0;
}

static NTSTATUS ExampleSetProtocol(PSMARTCARD_EXTENSION SmartcardExtension) {
  const ULONG protocol = ExampleChooseProtocol(SmartcardExtension);
  NTSTATUS status;
  KIRQL irql;
  if (protocol == 0) return STATUS_INVALID_DEVICE_REQUEST;
  status = ExamplePps(SmartcardExtension, protocol);
  if (!NT_SUCCESS(status)) return status;
  SmartcardExtension->CardCapabilities.Protocol.Selected = protocol;
  KeAcquireSpinLock(&SmartcardExtension->OsData->SpinLock, &irql);
  SmartcardExtension->ReaderCapabilities.CurrentState = SCARD_SPECIFIC;
  KeReleaseSpinLock(&SmartcardExtension->OsData->SpinLock, irql);
  if (SmartcardExtension->IoRequest.ReplyBufferLength < sizeof(ULONG)) return STATUS_BUFFER_TOO_SMALL;
  *(PULONG)SmartcardExtension->IoRequest.ReplyBuffer = protocol;
  *SmartcardExtension->IoRequest.Information = sizeof(ULONG);
  return STATUS_SUCCESS;
}

static NTSTATUS ExampleTransmit(PSMARTCARD_EXTENSION SmartcardExtension) {
  const NTSTATUS status = ExampleHwFlush(SmartcardExtension); /* no stale bytes from the card */
  if (!NT_SUCCESS(status)) return status;
  switch (SmartcardExtension->CardCapabilities.Protocol.Selected) {
    case SCARD_PROTOCOL_T0:
      return ExampleT0Transmit(SmartcardExtension);
    case SCARD_PROTOCOL_T1:
      return ExampleT1Transmit(SmartcardExtension);
    default:
      return STATUS_INVALID_DEVICE_REQUEST;
  }
}

/* The library keeps the request in OsData->NotificationIrp; ExampleCardEvent completes it. */
static NTSTATUS ExampleCardTracking(PSMARTCARD_EXTENSION SmartcardExtension) {
  UNREFERENCED_PARAMETER(SmartcardExtension);
  return STATUS_PENDING;
}

static VOID ExampleCopyName(PUCHAR Buffer, PUSHORT Length, const char *Text) {
  const size_t n = strlen(Text);
  RtlCopyMemory(Buffer, Text, n);
  *Length = (USHORT)n;
}

NTSTATUS ReaderKitAddDevice(PSMARTCARD_EXTENSION SmartcardExtension, const char *Options) {
  NTSTATUS status;
  PREADER_EXTENSION reader = (PREADER_EXTENSION)ExAllocatePoolWithTag(
      NonPagedPool, sizeof(READER_EXTENSION), EXAMPLE_TAG);
  if (reader == NULL) return STATUS_INSUFFICIENT_RESOURCES;
  RtlZeroMemory(reader, sizeof(READER_EXTENSION));
  reader->SmartcardExtension = SmartcardExtension;
  SmartcardExtension->ReaderExtension = reader;
  SmartcardExtension->Version = SMCLIB_VERSION;
  /* Room for an extended APDU's blocks and the longest T=0 answer. */
  SmartcardExtension->SmartcardRequest.BufferSize = 65536 + 16;
  SmartcardExtension->SmartcardReply.BufferSize = 65536 + 16;

  ExampleCopyName(SmartcardExtension->VendorAttr.VendorName.Buffer,
                  &SmartcardExtension->VendorAttr.VendorName.Length, "ReaderKit");
  ExampleCopyName(SmartcardExtension->VendorAttr.IfdType.Buffer,
                  &SmartcardExtension->VendorAttr.IfdType.Length, "smclib example");
  SmartcardExtension->VendorAttr.IfdVersion.VersionMajor = 0;
  SmartcardExtension->VendorAttr.IfdVersion.VersionMinor = 2;
  SmartcardExtension->ReaderCapabilities.SupportedProtocols = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
  SmartcardExtension->ReaderCapabilities.ReaderType = SCARD_READER_TYPE_VENDOR;
  SmartcardExtension->ReaderCapabilities.MechProperties = 0;
  SmartcardExtension->ReaderCapabilities.CLKFrequency.Default = 4000;
  SmartcardExtension->ReaderCapabilities.CLKFrequency.Max = 4000;
  SmartcardExtension->ReaderCapabilities.DataRate.Default = 10752;
  SmartcardExtension->ReaderCapabilities.DataRate.Max = 344086;
  SmartcardExtension->ReaderCapabilities.MaxIFSD = 254;

  SmartcardExtension->ReaderFunction[RDF_CARD_POWER] = ExampleCardPower;
  SmartcardExtension->ReaderFunction[RDF_SET_PROTOCOL] = ExampleSetProtocol;
  SmartcardExtension->ReaderFunction[RDF_TRANSMIT] = ExampleTransmit;
  SmartcardExtension->ReaderFunction[RDF_CARD_TRACKING] = ExampleCardTracking;

  status = SmartcardInitialize(SmartcardExtension);
  if (!NT_SUCCESS(status)) {
    ExFreePoolWithTag(reader, EXAMPLE_TAG);
    return status;
  }
  status = ExampleHwOpen(SmartcardExtension, Options);
  if (!NT_SUCCESS(status)) {
    SmartcardExit(SmartcardExtension);
    ExFreePoolWithTag(reader, EXAMPLE_TAG);
    return status;
  }
  SmartcardExtension->ReaderCapabilities.CurrentState =
      ExampleHwCardPresent(SmartcardExtension) ? SCARD_SWALLOWED : SCARD_ABSENT;
  return STATUS_SUCCESS;
}

VOID ReaderKitRemoveDevice(PSMARTCARD_EXTENSION SmartcardExtension) {
  ExampleHwClose(SmartcardExtension); /* no card event arrives after this */
  SmartcardExit(SmartcardExtension);
  ExFreePoolWithTag(SmartcardExtension->ReaderExtension, EXAMPLE_TAG);
  SmartcardExtension->ReaderExtension = NULL;
}
