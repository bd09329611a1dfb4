// SPDX-License-Identifier: MIT
/* The WDK headers compiled as C (and, through header_check.cpp, as C++): Windows sizes on LP64,
 * the documented layout, and every documented member reached by its documented name. */
#include <stddef.h>

#include <devioctl.h>
#include <ntddk.h>
#include <smclib.h>
#include <wdm.h>
#include <winsmcrd.h>

#ifdef __cplusplus
#define CHECK(e, m) static_assert(e, m)
#else
#define CHECK(e, m) _Static_assert(e, m)
#endif

CHECK(sizeof(ULONG) == 4 && sizeof(LONG) == 4, "ULONG/LONG are 32-bit");
CHECK(sizeof(NTSTATUS) == 4 && (NTSTATUS)-1 < 0, "NTSTATUS is 32-bit signed");
CHECK(sizeof(BOOLEAN) == 1 && sizeof(UCHAR) == 1 && sizeof(USHORT) == 2, "small types");
CHECK(sizeof(ULONG_PTR) == sizeof(void*) && sizeof(PVOID) == sizeof(void*), "pointer-sized");
CHECK(sizeof(LARGE_INTEGER) == 8, "LARGE_INTEGER");
CHECK(sizeof(SCARD_IO_REQUEST) == 8, "SCARD_IO_REQUEST {dwProtocol, cbPciLength}");
CHECK(!NT_SUCCESS(STATUS_NO_MEDIA) && NT_SUCCESS(STATUS_PENDING), "NT_SUCCESS");
CHECK(IOCTL_SMARTCARD_TRANSMIT == 0x00310014, "CTL_CODE layout");

#if UINTPTR_MAX > 0xFFFFFFFFu /* LP64: the layout Windows x64 gives these declarations */
CHECK(sizeof(PTS_DATA) == 16, "PTS_DATA");
CHECK(offsetof(PTS_DATA, CLKFrequency) == 4 && offsetof(PTS_DATA, StopBits) == 12, "PTS_DATA");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, etu) == 4, "etu");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, ATR.Length) == 72, "ATR.Length");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, HistoricalChars) == 73, "HistoricalChars");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, ClockRateConversion) == 96, "ClockRateConversion");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, Fl) == 112 && offsetof(SCARD_CARD_CAPABILITIES, N) == 116,
      "Fl..N");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, GT) == 120, "GT");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, Protocol.Selected) == 128, "Protocol");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, T0.WT) == 136, "T0");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, T1.EDC) == 143 &&
          offsetof(SCARD_CARD_CAPABILITIES, T1.BGT) == 152,
      "T1");
CHECK(offsetof(SCARD_CARD_CAPABILITIES, PtsData) == 156, "PtsData");
CHECK(sizeof(SCARD_CARD_CAPABILITIES) == 256, "PtsData + Reserved = 100 bytes");
CHECK(offsetof(SCARD_READER_CAPABILITIES, CLKFrequency.Max) == 28, "CLKFrequency");
CHECK(offsetof(SCARD_READER_CAPABILITIES, CardConfiscated) == 48, "CardConfiscated");
CHECK(offsetof(SCARD_READER_CAPABILITIES, DataRatesSupported) == 56, "DataRatesSupported");
CHECK(offsetof(SCARD_READER_CAPABILITIES, CLKFrequenciesSupported) == 72,
      "CLKFrequenciesSupported");
CHECK(sizeof(SCARD_READER_CAPABILITIES) == 152, "Reserved1");
CHECK(offsetof(VENDOR_ATTR, IfdType) == 34 && offsetof(VENDOR_ATTR, UnitNo) == 68, "VENDOR_ATTR");
CHECK(offsetof(VENDOR_ATTR, IfdSerialNo) == 76 && sizeof(VENDOR_ATTR) == 212, "VENDOR_ATTR");
CHECK(sizeof(SMARTCARD_REQUEST) == 16 && offsetof(SMARTCARD_REPLY, BufferLength) == 12, "buffers");
CHECK(offsetof(T1_DATA, BytesReceived) == 4 && offsetof(T1_DATA, NAD) == 18, "T1_DATA");
CHECK(offsetof(T1_DATA, State) == 28 && offsetof(T1_DATA, ReplyData) == 40, "T1_DATA");
CHECK(offsetof(SMARTCARD_EXTENSION, VendorAttr) == 4, "VendorAttr");
CHECK(offsetof(SMARTCARD_EXTENSION, ReaderFunction) == 216, "ReaderFunction");
CHECK(offsetof(SMARTCARD_EXTENSION, CardCapabilities) == 344, "CardCapabilities");
CHECK(offsetof(SMARTCARD_EXTENSION, IoRequest) == 608, "IoRequest");
CHECK(offsetof(SMARTCARD_EXTENSION, OsData) == 656, "OsData");
CHECK(offsetof(SMARTCARD_EXTENSION, ReaderExtension) == 816, "ReaderExtension");
CHECK(offsetof(SMARTCARD_EXTENSION, SmartcardRequest) == 840, "SmartcardRequest");
#endif

/* Every documented member by name (the test fails to compile when one is missing). */
ULONG readerkit_touch_members(PSMARTCARD_EXTENSION e, PIRP irp) {
  ULONG n = 0;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  e->Version = SMCLIB_VERSION;
  n += e->VendorAttr.VendorName.Length + e->VendorAttr.VendorName.Buffer[0];
  n += e->VendorAttr.IfdType.Length + e->VendorAttr.IfdType.Buffer[0] + e->VendorAttr.UnitNo;
  n += e->VendorAttr.IfdVersion.BuildNumber + e->VendorAttr.IfdVersion.VersionMinor +
       e->VendorAttr.IfdVersion.VersionMajor;
  n += e->VendorAttr.IfdSerialNo.Length + e->VendorAttr.IfdSerialNo.Buffer[0] +
       e->VendorAttr.Reserved[0];
  n += e->ReaderFunction[RDF_TRANSMIT] != NULL;
  n += e->CardCapabilities.InversConvention + e->CardCapabilities.etu;
  n += e->CardCapabilities.ATR.Buffer[0] + e->CardCapabilities.ATR.Length;
  n += e->CardCapabilities.HistoricalChars.Buffer[0] + e->CardCapabilities.HistoricalChars.Length;
  n += e->CardCapabilities.ClockRateConversion != NULL &&
       e->CardCapabilities.ClockRateConversion->F + e->CardCapabilities.ClockRateConversion->fs;
  n += e->CardCapabilities.BitRateAdjustment != NULL &&
       e->CardCapabilities.BitRateAdjustment->DNumerator +
           e->CardCapabilities.BitRateAdjustment->DDivisor;
  n += e->CardCapabilities.Fl + e->CardCapabilities.Dl + e->CardCapabilities.II +
       e->CardCapabilities.P + e->CardCapabilities.N + e->CardCapabilities.GT;
  n += e->CardCapabilities.Protocol.Supported + e->CardCapabilities.Protocol.Selected;
  n += e->CardCapabilities.T0.WI + e->CardCapabilities.T0.WT;
  n += e->CardCapabilities.T1.IFSC + e->CardCapabilities.T1.CWI + e->CardCapabilities.T1.BWI +
       e->CardCapabilities.T1.EDC + e->CardCapabilities.T1.CWT + e->CardCapabilities.T1.BWT +
       e->CardCapabilities.T1.BGT;
  n += e->CardCapabilities.PtsData.Type + e->CardCapabilities.PtsData.Fl +
       e->CardCapabilities.PtsData.Dl + e->CardCapabilities.PtsData.CLKFrequency +
       e->CardCapabilities.PtsData.DataRate + e->CardCapabilities.PtsData.StopBits +
       e->CardCapabilities.Reserved[0];
  n += e->LastError + *e->IoRequest.Information + e->IoRequest.RequestBuffer[0] +
       e->IoRequest.RequestBufferLength + e->IoRequest.ReplyBuffer[0] +
       e->IoRequest.ReplyBufferLength;
  n += e->MajorIoControlCode + e->MinorIoControlCode;
  n += e->OsData->DeviceObject != NULL && e->OsData->CurrentIrp != NULL &&
       e->OsData->NotificationIrp != NULL;
  n += e->OsData->RemoveLock.Removed + (ULONG)e->OsData->RemoveLock.RefCount;
  n += e->OsData->DebugDeviceObject != NULL;
  n += e->ReaderCapabilities.SupportedProtocols + e->ReaderCapabilities.Reserved +
       e->ReaderCapabilities.ReaderType + e->ReaderCapabilities.MechProperties +
       e->ReaderCapabilities.CurrentState + e->ReaderCapabilities.Channel +
       e->ReaderCapabilities.CLKFrequency.Default + e->ReaderCapabilities.CLKFrequency.Max +
       e->ReaderCapabilities.DataRate.Default + e->ReaderCapabilities.DataRate.Max +
       e->ReaderCapabilities.MaxIFSD + e->ReaderCapabilities.PowerMgmtSupport +
       e->ReaderCapabilities.CardConfiscated + e->ReaderCapabilities.DataRatesSupported.Entries +
       (e->ReaderCapabilities.DataRatesSupported.List != NULL) +
       e->ReaderCapabilities.CLKFrequenciesSupported.Entries +
       (e->ReaderCapabilities.CLKFrequenciesSupported.List != NULL) +
       e->ReaderCapabilities.Reserved1[0];
  n += (e->ReaderExtension != NULL);
  n += e->SmartcardReply.Buffer[0] + e->SmartcardReply.BufferSize + e->SmartcardReply.BufferLength;
  n += e->SmartcardRequest.Buffer[0] + e->SmartcardRequest.BufferSize +
       e->SmartcardRequest.BufferLength;
  n += e->T0.Lc + e->T0.Le;
  n += e->T1.IFSC + e->T1.IFSD + e->T1.BytesReceived + e->T1.BytesSent + e->T1.BytesToSend +
       e->T1.LastError + e->T1.MoreData + e->T1.NAD + e->T1.OriginalState + e->T1.Resend +
       e->T1.Resynch + e->T1.RSN + e->T1.SSN + e->T1.State + e->T1.Wtx + (e->T1.ReplyData != NULL) +
       e->T1.WaitForReply + e->T1.InfBytesSent + e->T1.Reserved[0];
  n += e->PerfInfo->NumTransmissions + e->PerfInfo->BytesSent + e->PerfInfo->BytesReceived;
  n += e->Reserved[0];
  n += (ULONG)irp->IoStatus.Status + (ULONG)irp->IoStatus.Information +
       (irp->AssociatedIrp.SystemBuffer != NULL);
  n += stack->Parameters.DeviceIoControl.IoControlCode +
       stack->Parameters.DeviceIoControl.InputBufferLength +
       stack->Parameters.DeviceIoControl.OutputBufferLength;
  return n;
}

/* The constants a reader driver uses, by name, for the comparison with ReaderKit's tables. */
#include "header_values.h"
#define V(name) \
  { #name, (unsigned long long)(ULONG)(name) }
const struct readerkit_wdk_value readerkit_wdk_values[] = {
    V(IOCTL_SMARTCARD_POWER),
    V(IOCTL_SMARTCARD_GET_ATTRIBUTE),
    V(IOCTL_SMARTCARD_SET_ATTRIBUTE),
    V(IOCTL_SMARTCARD_CONFISCATE),
    V(IOCTL_SMARTCARD_TRANSMIT),
    V(IOCTL_SMARTCARD_EJECT),
    V(IOCTL_SMARTCARD_SWALLOW),
    V(IOCTL_SMARTCARD_IS_PRESENT),
    V(IOCTL_SMARTCARD_IS_ABSENT),
    V(IOCTL_SMARTCARD_SET_PROTOCOL),
    V(IOCTL_SMARTCARD_GET_STATE),
    V(IOCTL_SMARTCARD_GET_LAST_ERROR),
    V(IOCTL_SMARTCARD_GET_PERF_CNTR),
    V(SCARD_ATTR_VENDOR_NAME),
    V(SCARD_ATTR_VENDOR_IFD_TYPE),
    V(SCARD_ATTR_VENDOR_IFD_VERSION),
    V(SCARD_ATTR_VENDOR_IFD_SERIAL_NO),
    V(SCARD_ATTR_CHANNEL_ID),
    V(SCARD_ATTR_PROTOCOL_TYPES),
    V(SCARD_ATTR_DEFAULT_CLK),
    V(SCARD_ATTR_MAX_CLK),
    V(SCARD_ATTR_DEFAULT_DATA_RATE),
    V(SCARD_ATTR_MAX_DATA_RATE),
    V(SCARD_ATTR_MAX_IFSD),
    V(SCARD_ATTR_POWER_MGMT_SUPPORT),
    V(SCARD_ATTR_CHARACTERISTICS),
    V(SCARD_ATTR_CURRENT_PROTOCOL_TYPE),
    V(SCARD_ATTR_CURRENT_CLK),
    V(SCARD_ATTR_CURRENT_F),
    V(SCARD_ATTR_CURRENT_D),
    V(SCARD_ATTR_CURRENT_N),
    V(SCARD_ATTR_CURRENT_W),
    V(SCARD_ATTR_CURRENT_IFSC),
    V(SCARD_ATTR_CURRENT_IFSD),
    V(SCARD_ATTR_CURRENT_BWT),
    V(SCARD_ATTR_CURRENT_CWT),
    V(SCARD_ATTR_CURRENT_EBC_ENCODING),
    V(SCARD_ATTR_EXTENDED_BWT),
    V(SCARD_ATTR_ICC_PRESENCE),
    V(SCARD_ATTR_ICC_INTERFACE_STATUS),
    V(SCARD_ATTR_ATR_STRING),
    V(SCARD_ATTR_DEVICE_UNIT),
    V(SCARD_ATTR_DEVICE_IN_USE),
    V(SCARD_ATTR_SUPRESS_T1_IFS_REQUEST),
    V(SCARD_PERF_NUM_TRANSMISSIONS),
    V(SCARD_PERF_BYTES_TRANSMITTED),
    V(SCARD_PERF_TRANSMISSION_TIME),
    V(SCARD_UNKNOWN),
    V(SCARD_ABSENT),
    V(SCARD_PRESENT),
    V(SCARD_SWALLOWED),
    V(SCARD_POWERED),
    V(SCARD_NEGOTIABLE),
    V(SCARD_SPECIFIC),
    V(SCARD_PROTOCOL_UNDEFINED),
    V(SCARD_PROTOCOL_T0),
    V(SCARD_PROTOCOL_T1),
    V(SCARD_PROTOCOL_RAW),
    V(SCARD_PROTOCOL_DEFAULT),
    V(SCARD_POWER_DOWN),
    V(SCARD_COLD_RESET),
    V(SCARD_WARM_RESET),
    V(SCARD_READER_SWALLOWS),
    V(SCARD_READER_EJECTS),
    V(SCARD_READER_CONFISCATES),
    V(SCARD_READER_TYPE_SERIAL),
    V(SCARD_READER_TYPE_PARALELL),
    V(SCARD_READER_TYPE_KEYBOARD),
    V(SCARD_READER_TYPE_SCSI),
    V(SCARD_READER_TYPE_IDE),
    V(SCARD_READER_TYPE_USB),
    V(SCARD_READER_TYPE_PCMCIA),
    V(SCARD_READER_TYPE_TPM),
    V(SCARD_READER_TYPE_VENDOR),
    V(RDF_CARD_POWER),
    V(RDF_TRANSMIT),
    V(RDF_CARD_EJECT),
    V(RDF_READER_SWALLOW),
    V(RDF_CARD_TRACKING),
    V(RDF_SET_PROTOCOL),
    V(RDF_DEBUG_LEVEL),
    V(RDF_CARD_CONFISCATE),
    V(RDF_IOCTL_VENDOR),
    V(RDF_ATR_PARSE),
    V(STATUS_SUCCESS),
    V(STATUS_PENDING),
    V(STATUS_BUFFER_OVERFLOW),
    V(STATUS_DEVICE_BUSY),
    V(STATUS_INVALID_PARAMETER),
    V(STATUS_INVALID_DEVICE_REQUEST),
    V(STATUS_UNRECOGNIZED_MEDIA),
    V(STATUS_MORE_PROCESSING_REQUIRED),
    V(STATUS_BUFFER_TOO_SMALL),
    V(STATUS_DELETE_PENDING),
    V(STATUS_INSUFFICIENT_RESOURCES),
    V(STATUS_IO_TIMEOUT),
    V(STATUS_NOT_SUPPORTED),
    V(STATUS_CANCELLED),
    V(STATUS_NO_MEDIA),
    V(STATUS_INVALID_DEVICE_STATE),
    V(STATUS_DEVICE_PROTOCOL_ERROR),
};
const unsigned readerkit_wdk_value_count =
    sizeof readerkit_wdk_values / sizeof readerkit_wdk_values[0];
