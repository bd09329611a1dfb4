// SPDX-License-Identifier: MIT
/* The smallest driver the smclib loader can load: T=0 card with ATR 3B 00 that answers 90 00
 * to every command. OPTIONS: "present" puts the card in at start, "fail" makes AddDevice fail;
 * the whole OPTIONS string becomes the serial number. Built twice: with
 * READERKIT_TEST_DISPATCH it also exports ReaderKitDeviceControl and counts its calls. */
#include <smclib.h>
#include <string.h>

struct _READER_EXTENSION {
  ULONG Unused;
};

static NTSTATUS LoaderPower(PSMARTCARD_EXTENSION SmartcardExtension) {
  static const UCHAR atr[] = {0x3B, 0x00};
  if (SmartcardExtension->MinorIoControlCode == SCARD_POWER_DOWN) return STATUS_SUCCESS;
  RtlCopyMemory(SmartcardExtension->CardCapabilities.ATR.Buffer, atr, sizeof atr);
  SmartcardExtension->CardCapabilities.ATR.Length = sizeof atr;
  return SmartcardUpdateCardCapabilities(SmartcardExtension);
}

static NTSTATUS LoaderSetProtocol(PSMARTCARD_EXTENSION SmartcardExtension) {
  SmartcardExtension->CardCapabilities.PtsData.Type = PTS_TYPE_DEFAULT;
  return STATUS_SUCCESS;
}

static NTSTATUS LoaderTransmit(PSMARTCARD_EXTENSION SmartcardExtension) {
  NTSTATUS status;
  SmartcardExtension->SmartcardRequest.BufferLength = 0;
  status = SmartcardT0Request(SmartcardExtension);
  if (!NT_SUCCESS(status)) return status;
  SmartcardExtension->SmartcardReply.Buffer[0] = 0x90;
  SmartcardExtension->SmartcardReply.Buffer[1] = 0x00;
  SmartcardExtension->SmartcardReply.BufferLength = 2;
  return SmartcardT0Reply(SmartcardExtension);
}

/* Card events come through SmartcardCompleteCardTracking; the library completes the IRP. */
static NTSTATUS LoaderCardTracking(PSMARTCARD_EXTENSION SmartcardExtension) {
  UNREFERENCED_PARAMETER(SmartcardExtension);
  return STATUS_PENDING;
}

NTSTATUS ReaderKitAddDevice(PSMARTCARD_EXTENSION SmartcardExtension, const char* Options) {
  size_t length = strlen(Options);
  if (strstr(Options, "fail") != NULL) return STATUS_DEVICE_NOT_CONNECTED;
  SmartcardExtension->Version = SMCLIB_VERSION;
  SmartcardExtension->ReaderExtension =
      (PREADER_EXTENSION)ExAllocatePoolZero(NonPagedPool, sizeof(READER_EXTENSION), 'tseT');
  if (length > MAXIMUM_ATTR_STRING_LENGTH) length = MAXIMUM_ATTR_STRING_LENGTH;
  RtlCopyMemory(SmartcardExtension->VendorAttr.IfdSerialNo.Buffer, Options, length);
  SmartcardExtension->VendorAttr.IfdSerialNo.Length = (USHORT)length;
  RtlCopyMemory(SmartcardExtension->VendorAttr.VendorName.Buffer, "Test", 4);
  SmartcardExtension->VendorAttr.VendorName.Length = 4;
  RtlCopyMemory(SmartcardExtension->VendorAttr.IfdType.Buffer, "Loader", 6);
  SmartcardExtension->VendorAttr.IfdType.Length = 6;
  SmartcardExtension->ReaderCapabilities.SupportedProtocols = SCARD_PROTOCOL_T0;
  SmartcardExtension->ReaderCapabilities.ReaderType = SCARD_READER_TYPE_VENDOR;
  SmartcardExtension->ReaderCapabilities.CLKFrequency.Default = 3580;
  SmartcardExtension->ReaderCapabilities.DataRate.Default = 9600;
  SmartcardExtension->ReaderCapabilities.CurrentState =
      strstr(Options, "present") != NULL ? SCARD_SWALLOWED : SCARD_ABSENT;
  SmartcardExtension->ReaderFunction[RDF_CARD_POWER] = LoaderPower;
  SmartcardExtension->ReaderFunction[RDF_SET_PROTOCOL] = LoaderSetProtocol;
  SmartcardExtension->ReaderFunction[RDF_TRANSMIT] = LoaderTransmit;
  SmartcardExtension->ReaderFunction[RDF_CARD_TRACKING] = LoaderCardTracking;
  return SmartcardInitialize(SmartcardExtension);
}

VOID ReaderKitRemoveDevice(PSMARTCARD_EXTENSION SmartcardExtension) {
  ExFreePoolWithTag(SmartcardExtension->ReaderExtension, 'tseT');
  SmartcardExit(SmartcardExtension);
}

#ifdef READERKIT_TEST_DISPATCH
ULONG ReaderKitTestDispatchCalls = 0;

NTSTATUS ReaderKitDeviceControl(PSMARTCARD_EXTENSION SmartcardExtension, PIRP Irp) {
  NTSTATUS status = SmartcardAcquireRemoveLockWithTag(SmartcardExtension, 'lCoI');
  if (!NT_SUCCESS(status)) {
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
  }
  ReaderKitTestDispatchCalls++;
  status = SmartcardDeviceControl(SmartcardExtension, Irp);
  SmartcardReleaseRemoveLockWithTag(SmartcardExtension, 'lCoI');
  return status;
}
#endif
