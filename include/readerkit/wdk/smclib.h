// SPDX-License-Identifier: MIT
/* smclib.h on ReaderKit: the smart card driver library's structures, callback slots and
 * routines, named, typed and ordered as on Microsoft's smclib.h reference pages. The routines
 * are libreaderkit-smclib: thin wrappers over ReaderKit's dispatcher, ATR, PPS, T=0, T=1 and
 * remove lock (docs/smclib.md "Library and headers"). */
#ifndef READERKIT_WDK_SMCLIB_H
#define READERKIT_WDK_SMCLIB_H

#include "ntddk.h"
#include "winsmcrd.h"

READERKIT_WDK_BEGIN

#define SMCLIB_VERSION 0x150
#define SMCLIB_VERSION_REQUIRED 0x100

#define MAXIMUM_ATR_LENGTH 33
#define MIN_BUFFER_SIZE 288
#ifndef MAXIMUM_ATTR_STRING_LENGTH
#define MAXIMUM_ATTR_STRING_LENGTH 32
#endif

#ifndef READERKIT_WDK_TYPES_ONLY
/* Callback slots of SMARTCARD_EXTENSION.ReaderFunction[]. */
#define RDF_CARD_POWER 0
#define RDF_TRANSMIT 1
#define RDF_CARD_EJECT 2
#define RDF_READER_SWALLOW 3
#define RDF_CARD_TRACKING 4
#define RDF_SET_PROTOCOL 5
#define RDF_DEBUG_LEVEL 6
#define RDF_CARD_CONFISCATE 7
#define RDF_IOCTL_VENDOR 8
#define RDF_ATR_PARSE 9
#endif

/* PTS_DATA.Type */
#define PTS_TYPE_DEFAULT 0x00
#define PTS_TYPE_OPTIMAL 0x01
#define PTS_TYPE_USER 0x02

/* CardCapabilities.T1.EDC: bit 0 set = CRC, else LRC. */
#define T1_CRC_CHECK 0x01

/* SmartcardDebug / SmartcardSetDebugLevel levels. */
#define DEBUG_IOCTL ((ULONG)0x00000001)
#define DEBUG_ATR ((ULONG)0x00000002)
#define DEBUG_PROTOCOL ((ULONG)0x00000004)
#define DEBUG_DRIVER ((ULONG)0x00000008)
#define DEBUG_TRACE ((ULONG)0x00000010)
#define DEBUG_ERROR ((ULONG)0x00000020)
#define DEBUG_PERF ((ULONG)0x10000000)
#define DEBUG_T1_TEST ((ULONG)0x40000000)
#define DEBUG_BREAK ((ULONG)0x80000000)
#define DEBUG_ALL ((ULONG)0x0000FFFF)

typedef struct _SMARTCARD_EXTENSION SMARTCARD_EXTENSION, *PSMARTCARD_EXTENSION;

/* The driver's own data; each driver defines struct _READER_EXTENSION. */
typedef struct _READER_EXTENSION READER_EXTENSION, *PREADER_EXTENSION;

typedef struct _CLOCK_RATE_CONVERSION {
  const ULONG F;
  const ULONG fs;
} CLOCK_RATE_CONVERSION, *PCLOCK_RATE_CONVERSION;

typedef struct _BIT_RATE_ADJUSTMENT {
  const ULONG DNumerator;
  const ULONG DDivisor;
} BIT_RATE_ADJUSTMENT, *PBIT_RATE_ADJUSTMENT;

typedef struct _PTS_DATA {
  UCHAR Type;
  UCHAR Fl;
  UCHAR Dl;
  ULONG CLKFrequency;
  ULONG DataRate;
  UCHAR StopBits;
} PTS_DATA, *PPTS_DATA;

typedef struct _SCARD_CARD_CAPABILITIES {
  BOOLEAN InversConvention;
  ULONG etu;
  struct {
    UCHAR Buffer[64];
    UCHAR Length;
  } ATR;
  struct {
    UCHAR Buffer[16];
    UCHAR Length;
  } HistoricalChars;
  PCLOCK_RATE_CONVERSION ClockRateConversion;
  PBIT_RATE_ADJUSTMENT BitRateAdjustment;
  UCHAR Fl;
  UCHAR Dl;
  UCHAR II;
  UCHAR P;
  UCHAR N;
  ULONG GT;
  struct {
    ULONG Supported;
    ULONG Selected;
  } Protocol;
  struct {
    UCHAR WI;
    ULONG WT;
  } T0;
  struct {
    UCHAR IFSC;
    UCHAR CWI;
    UCHAR BWI;
    UCHAR EDC;
    ULONG CWT;
    ULONG BWT;
    ULONG BGT;
  } T1;
  PTS_DATA PtsData;
  UCHAR Reserved[100 - sizeof(PTS_DATA)];
} SCARD_CARD_CAPABILITIES, *PSCARD_CARD_CAPABILITIES;

typedef struct _SCARD_READER_CAPABILITIES {
  ULONG SupportedProtocols;
  ULONG Reserved;
  ULONG ReaderType;
  ULONG MechProperties;
  ULONG CurrentState;
  ULONG Channel;
  struct {
    ULONG Default;
    ULONG Max;
  } CLKFrequency;
  struct {
    ULONG Default;
    ULONG Max;
  } DataRate;
  ULONG MaxIFSD;
  ULONG PowerMgmtSupport;
  ULONG CardConfiscated;
  struct _DataRatesSupported {
    PULONG List;
    UCHAR Entries;
  } DataRatesSupported;
  struct _CLKFrequenciesSupported {
    PULONG List;
    UCHAR Entries;
  } CLKFrequenciesSupported;
  UCHAR Reserved1[100 - sizeof(ULONG) - sizeof(struct _DataRatesSupported) -
                  sizeof(struct _CLKFrequenciesSupported)];
} SCARD_READER_CAPABILITIES, *PSCARD_READER_CAPABILITIES;

typedef struct _VENDOR_ATTR {
  struct {
    USHORT Length;
    UCHAR Buffer[MAXIMUM_ATTR_STRING_LENGTH];
  } VendorName;
  struct {
    USHORT Length;
    UCHAR Buffer[MAXIMUM_ATTR_STRING_LENGTH];
  } IfdType;
  ULONG UnitNo;
  struct {
    USHORT BuildNumber;
    UCHAR VersionMinor;
    UCHAR VersionMajor;
  } IfdVersion;
  struct {
    USHORT Length;
    UCHAR Buffer[MAXIMUM_ATTR_STRING_LENGTH];
  } IfdSerialNo;
  ULONG Reserved[25];
} VENDOR_ATTR, *PVENDOR_ATTR;

typedef struct _SMARTCARD_REQUEST {
  PUCHAR Buffer;
  ULONG BufferSize;
  ULONG BufferLength;
} SMARTCARD_REQUEST, *PSMARTCARD_REQUEST;

typedef struct _SMARTCARD_REPLY {
  PUCHAR Buffer;
  ULONG BufferSize;
  ULONG BufferLength;
} SMARTCARD_REPLY, *PSMARTCARD_REPLY;

typedef struct _T0_DATA {
  ULONG Lc;
  ULONG Le;
} T0_DATA, *PT0_DATA;

typedef struct _T1_DATA {
  UCHAR IFSC;
  UCHAR IFSD;
  ULONG BytesReceived;
  ULONG BytesSent;
  ULONG BytesToSend;
  UCHAR LastError;
  BOOLEAN MoreData;
  UCHAR NAD;
  ULONG OriginalState;
  UCHAR Resend;
  UCHAR Resynch;
  UCHAR RSN;
  UCHAR SSN;
  ULONG State;
  UCHAR Wtx;
  PUCHAR ReplyData;
  BOOLEAN WaitForReply;
  UCHAR InfBytesSent;
  /* 10 - sizeof(PUCHAR) - sizeof(BOOLEAN) - sizeof(UCHAR) bytes: 0 on LP64, where ISO C has
   * no empty array, so at least 1 there. */
#if UINTPTR_MAX > 0xFFFFFFFFu
  UCHAR Reserved[1];
#else
  UCHAR Reserved[10 - sizeof(PUCHAR) - sizeof(BOOLEAN) - sizeof(UCHAR)];
#endif
} T1_DATA, *PT1_DATA;

/* Not on the reference pages (the header's private part); ReaderKit's counters of
 * IOCTL_SMARTCARD_GET_PERF_CNTR, refreshed before each callback. */
typedef struct _PERF_INFO {
  ULONG NumTransmissions;
  ULONG BytesSent;
  ULONG BytesReceived;
  LARGE_INTEGER IoTickCount;
  LARGE_INTEGER TickStart;
  LARGE_INTEGER TickEnd;
} PERF_INFO, *PPERF_INFO;

/* The library keeps it (smcnt.h's OS_DEP_DATA). NotificationIrp is the pending
 * IS_PRESENT/IS_ABSENT IRP that SmartcardCompleteCardTracking completes. */
typedef struct _OS_DEP_DATA {
  PDEVICE_OBJECT DeviceObject;
  PIRP CurrentIrp;
  PIRP NotificationIrp;
  KMUTANT Mutex;
  KSPIN_LOCK SpinLock;
  struct {
    BOOLEAN Removed;
    LONG RefCount;
    KEVENT RemoveEvent;
    LIST_ENTRY TagList;
  } RemoveLock;
  PDEVICE_OBJECT DebugDeviceObject;
  PVOID ReaderKitDevice; /* the library's device; not for drivers */
} OS_DEP_DATA, *POS_DEP_DATA;

struct _SMARTCARD_EXTENSION {
  ULONG Version;
  VENDOR_ATTR VendorAttr;
  NTSTATUS (*ReaderFunction[16])(PSMARTCARD_EXTENSION);
  SCARD_CARD_CAPABILITIES CardCapabilities;
  ULONG LastError;
  struct {
    PULONG Information;
    PUCHAR RequestBuffer;
    ULONG RequestBufferLength;
    PUCHAR ReplyBuffer;
    ULONG ReplyBufferLength;
  } IoRequest;
  ULONG MajorIoControlCode;
  ULONG MinorIoControlCode;
  POS_DEP_DATA OsData;
  SCARD_READER_CAPABILITIES ReaderCapabilities;
  PREADER_EXTENSION ReaderExtension;
  SMARTCARD_REPLY SmartcardReply;
  SMARTCARD_REQUEST SmartcardRequest;
  T0_DATA T0;
  T1_DATA T1;
  PPERF_INFO PerfInfo;
  ULONG Reserved[25 - sizeof(PPERF_INFO)];
};

/* --- library routines (libreaderkit-smclib) ----------------------------------------------- */
NTSTATUS SmartcardInitialize(PSMARTCARD_EXTENSION SmartcardExtension);
VOID SmartcardExit(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS SmartcardDeviceControl(PSMARTCARD_EXTENSION SmartcardExtension, PIRP Irp);
NTSTATUS SmartcardT0Request(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS SmartcardT0Reply(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS SmartcardT1Request(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS SmartcardT1Reply(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS SmartcardRawRequest(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS SmartcardRawReply(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS SmartcardUpdateCardCapabilities(PSMARTCARD_EXTENSION SmartcardExtension);
VOID SmartcardCompleteCardTracking(PSMARTCARD_EXTENSION SmartcardExtension);
/* Completes the request a callback left STATUS_PENDING (other than card tracking). */
VOID SmartcardCompleteRequest(PSMARTCARD_EXTENSION SmartcardExtension, NTSTATUS Status);
NTSTATUS SmartcardAcquireRemoveLock(PSMARTCARD_EXTENSION SmartcardExtension);
NTSTATUS SmartcardAcquireRemoveLockWithTag(PSMARTCARD_EXTENSION SmartcardExtension, ULONG Tag);
VOID SmartcardReleaseRemoveLock(PSMARTCARD_EXTENSION SmartcardExtension);
VOID SmartcardReleaseRemoveLockWithTag(PSMARTCARD_EXTENSION SmartcardExtension, ULONG Tag);
VOID SmartcardReleaseRemoveLockAndWait(PSMARTCARD_EXTENSION SmartcardExtension);
VOID SmartcardLogError(PVOID Object, NTSTATUS ErrorCode, PUNICODE_STRING Insertion, ULONG DumpData);
VOID SmartcardInvertData(PUCHAR Buffer, ULONG Length);
ULONG SmartcardGetDebugLevel(VOID);
VOID SmartcardSetDebugLevel(ULONG Level);

/* SmartcardDebug(LEVEL, (FORMAT, ...)): as in Windows checked builds, the message exists only
 * when DBG is non-zero; it then goes to ReaderKit's log when LEVEL is enabled. */
#if defined(DBG) && DBG
#define SmartcardDebug(LEVEL, STRING)         \
  do {                                        \
    if (SmartcardGetDebugLevel() & (LEVEL)) { \
      DbgPrint STRING;                        \
    }                                         \
  } while (0)
#else
#define SmartcardDebug(LEVEL, STRING) ((void)0)
#endif

/* --- the entry points of a driver loaded as smclib:PATH.so[:OPTIONS] ---------------------- */
/* Plays AddDevice: fills ReaderFunction[], VendorAttr, ReaderCapabilities, allocates
 * ReaderExtension, calls SmartcardInitialize. Options: the text after PATH.so: (or ""). */
NTSTATUS ReaderKitAddDevice(PSMARTCARD_EXTENSION SmartcardExtension, const char* Options);
typedef NTSTATUS READERKIT_ADD_DEVICE(PSMARTCARD_EXTENSION SmartcardExtension, const char* Options);
/* Optional: called before the library's SmartcardExit when the reader goes away. */
VOID ReaderKitRemoveDevice(PSMARTCARD_EXTENSION SmartcardExtension);
typedef VOID READERKIT_REMOVE_DEVICE(PSMARTCARD_EXTENSION SmartcardExtension);
/* Optional: the driver's IRP_MJ_DEVICE_CONTROL dispatch; without it the host calls
 * SmartcardDeviceControl itself. */
NTSTATUS ReaderKitDeviceControl(PSMARTCARD_EXTENSION SmartcardExtension, PIRP Irp);
typedef NTSTATUS READERKIT_DEVICE_CONTROL(PSMARTCARD_EXTENSION SmartcardExtension, PIRP Irp);

READERKIT_WDK_END

#endif
