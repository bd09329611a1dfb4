// SPDX-License-Identifier: MIT
/* The kernel subset reader callbacks use, with its user-space meaning on ReaderKit
 * (docs/smclib.md "Library and headers"): IRPs carrying one METHOD_BUFFERED IOCTL built by the
 * host, spin locks and events that are real locks, heap memory, time. Everything else of
 * wdm.h (device objects beyond a stub, PnP, power, DPCs, interrupts) is not offered. */
#ifndef READERKIT_WDK_WDM_H
#define READERKIT_WDK_WDM_H

#include <pthread.h>
#include <string.h>

#include "devioctl.h"
#include "ntdef.h"

READERKIT_WDK_BEGIN

typedef UCHAR KIRQL, *PKIRQL;
typedef CHAR CCHAR;
typedef CHAR KPROCESSOR_MODE;
typedef LONG KPRIORITY;

#define PASSIVE_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define IO_NO_INCREMENT 0
#define IO_SERIAL_INCREMENT 2

/* Spin lock: a real mutex (callbacks and card events run on different threads). */
typedef pthread_mutex_t KSPIN_LOCK, *PKSPIN_LOCK;
/* Mutex (OS_DEP_DATA.Mutex): a recursive mutex. */
#define READERKIT_KOBJECT_MUTEX 0x5854554Du /* set by KeInitializeMutex */
#define READERKIT_KOBJECT_EVENT 0x544E5645u /* set by KeInitializeEvent */
typedef struct _KMUTANT {
  ULONG ReaderKitKind;
  pthread_mutex_t Lock;
} KMUTANT, *PKMUTANT, KMUTEX, *PKMUTEX;

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _KWAIT_REASON { Executive = 0, UserRequest = 6, Suspended = 5 } KWAIT_REASON;
typedef enum _MODE { KernelMode, UserMode } MODE;

/* Event: mutex + condition variable; NotificationEvent stays signalled until cleared,
 * SynchronizationEvent releases one waiter and resets itself. */
typedef struct _KEVENT {
  ULONG ReaderKitKind;
  pthread_mutex_t Lock;
  pthread_cond_t Condition;
  LONG Signaled;
  EVENT_TYPE Type;
} KEVENT, *PKEVENT, *PRKEVENT;

typedef enum _POOL_TYPE {
  NonPagedPool,
  PagedPool,
  NonPagedPoolMustSucceed,
  DontUseThisType,
  NonPagedPoolCacheAligned,
  PagedPoolCacheAligned,
  NonPagedPoolNx = 512
} POOL_TYPE;

typedef struct _IO_STATUS_BLOCK {
  union {
    NTSTATUS Status;
    PVOID Pointer;
  } DUMMYUNIONNAME;
  ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

struct _IRP;
struct _DEVICE_OBJECT;
typedef VOID DRIVER_CANCEL(struct _DEVICE_OBJECT* DeviceObject, struct _IRP* Irp);
typedef DRIVER_CANCEL* PDRIVER_CANCEL;

/* The device object a reader driver sees: only its extension (the driver's own). */
typedef struct _DEVICE_OBJECT {
  PVOID DeviceExtension;
  ULONG Flags;
  PVOID ReaderKitReserved;
} DEVICE_OBJECT, *PDEVICE_OBJECT;

typedef struct _FILE_OBJECT {
  PVOID FsContext;
} FILE_OBJECT, *PFILE_OBJECT;

#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_CLEANUP 0x12

typedef struct _IO_STACK_LOCATION {
  UCHAR MajorFunction;
  UCHAR MinorFunction;
  UCHAR Flags;
  UCHAR Control;
  union {
    struct {
      ULONG OutputBufferLength;
      ULONG InputBufferLength;
      ULONG IoControlCode;
      PVOID Type3InputBuffer;
    } DeviceIoControl;
  } Parameters;
  PDEVICE_OBJECT DeviceObject;
  PFILE_OBJECT FileObject;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

#define SL_PENDING_RETURNED 0x01

/* One IOCTL request built by the host (METHOD_BUFFERED: AssociatedIrp.SystemBuffer holds the
 * input and receives the output). IoCompleteRequest calls ReaderKitCompletion once. */
typedef struct _IRP {
  IO_STATUS_BLOCK IoStatus;
  union {
    PVOID SystemBuffer;
  } AssociatedIrp;
  BOOLEAN PendingReturned;
  BOOLEAN Cancel;
  KIRQL CancelIrql;
  PDRIVER_CANCEL CancelRoutine;
  PVOID UserBuffer;
  IO_STACK_LOCATION CurrentStackLocation;
  union {
    struct {
      PVOID DriverContext[4]; /* the driver's own use while it owns the IRP */
    } Overlay;
  } Tail;
  VOID (*ReaderKitCompletion)(struct _IRP* Irp, PVOID Context);
  PVOID ReaderKitContext;
} IRP, *PIRP;

#define IoGetCurrentIrpStackLocation(Irp) (&(Irp)->CurrentStackLocation)
#define IoMarkIrpPending(Irp) ((Irp)->CurrentStackLocation.Control |= SL_PENDING_RETURNED)
VOID IoCompleteRequest(PIRP Irp, CCHAR PriorityBoost);
PDRIVER_CANCEL IoSetCancelRoutine(PIRP Irp, PDRIVER_CANCEL CancelRoutine);
VOID IoAcquireCancelSpinLock(PKIRQL Irql);
VOID IoReleaseCancelSpinLock(KIRQL Irql);

VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock);
VOID KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql);
VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql);
VOID KeInitializeMutex(PKMUTEX Mutex, ULONG Level);
LONG KeReleaseMutex(PKMUTEX Mutex, BOOLEAN Wait);

VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State);
LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait);
VOID KeClearEvent(PRKEVENT Event);
LONG KeResetEvent(PRKEVENT Event);
LONG KeReadStateEvent(PRKEVENT Event);
/* Object: a KEVENT or a KMUTEX (told apart by ReaderKitKind). Timeout in 100 ns units,
 * negative = relative (absolute times are treated as relative to now); NULL = forever.
 * STATUS_SUCCESS or STATUS_TIMEOUT. */
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                               BOOLEAN Alertable, PLARGE_INTEGER Timeout);
NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                PLARGE_INTEGER Interval);
VOID KeStallExecutionProcessor(ULONG MicroSeconds);
/* 100 ns units since 1601-01-01 (the Windows epoch). */
VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime);
VOID KeQueryTickCount(PLARGE_INTEGER TickCount);
ULONG KeQueryTimeIncrement(VOID);
KIRQL KeGetCurrentIrql(VOID);

PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes);
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag);
VOID ExFreePool(PVOID P);
VOID ExFreePoolWithTag(PVOID P, ULONG Tag);

#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))
SIZE_T RtlCompareMemory(const VOID* Source1, const VOID* Source2, SIZE_T Length);
VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, const WCHAR* SourceString);

/* printf-style message to ReaderKit's log (debug level). */
ULONG DbgPrint(PCSTR Format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
#define KdPrint(_x_) DbgPrint _x_

#define ASSERT(e) ((void)0)
#define NT_ASSERT(e) ((void)0)
#define NT_ASSERTMSG(msg, e) ((void)0)
#define PAGED_CODE() ((void)0)
#define PAGED_CODE_LOCKED() ((void)0)

/* Atomic exchange of a pointer (card-tracking code swaps NotificationIrp with it). */
#define InterlockedExchangePointer(Target, Value) \
  __extension__({ __atomic_exchange_n((Target), (Value), __ATOMIC_SEQ_CST); })

READERKIT_WDK_END

#endif
