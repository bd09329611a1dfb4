// SPDX-License-Identifier: MIT
/* Base types of the Windows driver headers on ReaderKit (docs/smclib.md "Library and headers"):
 * the Windows sizes on LP64 (ULONG/LONG 32-bit, NTSTATUS 32-bit signed, BOOLEAN 8-bit),
 * IN/OUT/OPTIONAL and the SAL annotations as nothing, and the NTSTATUS values reader
 * drivers use (the ReaderKit ones are those of the IOCTL contract). */
#ifndef READERKIT_WDK_NTDEF_H
#define READERKIT_WDK_NTDEF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define READERKIT_WDK_BEGIN extern "C" {
#define READERKIT_WDK_END }
#else
#define READERKIT_WDK_BEGIN
#define READERKIT_WDK_END
#endif

READERKIT_WDK_BEGIN

typedef void VOID;
typedef void* PVOID;
typedef char CHAR;
typedef char* PCHAR;
typedef const char* PCSTR;
typedef char* PSTR;
typedef unsigned char UCHAR;
typedef UCHAR* PUCHAR;
typedef unsigned char BYTE;
typedef BYTE* PBYTE;
typedef int16_t SHORT;
typedef uint16_t USHORT;
typedef USHORT* PUSHORT;
typedef uint16_t WORD;
typedef uint16_t WCHAR;
typedef WCHAR* PWCHAR;
typedef WCHAR* PWSTR;
typedef int32_t LONG;
typedef LONG* PLONG;
typedef uint32_t ULONG;
typedef ULONG* PULONG;
typedef uint32_t DWORD;
typedef DWORD* PDWORD;
typedef int32_t INT;
typedef uint32_t UINT;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;
typedef ULONG_PTR* PULONG_PTR;
typedef size_t SIZE_T;
typedef uint8_t BOOLEAN;
typedef BOOLEAN* PBOOLEAN;
typedef int BOOL;
typedef int32_t NTSTATUS;
typedef NTSTATUS* PNTSTATUS;
typedef ULONG DEVICE_TYPE;

typedef union _LARGE_INTEGER {
  struct {
    ULONG LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef struct _UNICODE_STRING {
  USHORT Length;
  USHORT MaximumLength;
  PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

typedef struct _LIST_ENTRY {
  struct _LIST_ENTRY* Flink;
  struct _LIST_ENTRY* Blink;
} LIST_ENTRY, *PLIST_ENTRY;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL ((void*)0)
#endif

#define IN
#define OUT
#define OPTIONAL
#define CONST const
#define NTAPI
#define NTKERNELAPI
#define NTSYSAPI
#define FASTCALL
#define DECLSPEC_NOINLINE
#define FORCEINLINE static inline
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DUMMYUNIONNAME
#define DUMMYSTRUCTNAME

/* SAL annotations: nothing on ReaderKit. */
#define _In_
#define _In_opt_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _In_reads_(n)
#define _In_reads_bytes_(n)
#define _In_reads_opt_(n)
#define _Out_writes_(n)
#define _Out_writes_bytes_(n)
#define _Out_writes_opt_(n)
#define _Out_writes_bytes_to_(n, m)
#define _Inout_updates_(n)
#define _Inout_updates_bytes_(n)
#define _Outptr_
#define _Outptr_opt_
#define _Ret_maybenull_
#define _Must_inspect_result_
#define _Success_(e)
#define _Check_return_
#define _Analysis_mode_(m)
#define _Analysis_assume_(e)
#define _IRQL_requires_(l)
#define _IRQL_requires_max_(l)
#define _IRQL_requires_min_(l)
#define _IRQL_requires_same_
#define _IRQL_raises_(l)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(k, l)
#define _IRQL_restores_global_(k, l)
#define _IRQL_always_function_max_(l)
#define _IRQL_always_function_min_(l)
#define _Requires_lock_held_(l)
#define _Requires_lock_not_held_(l)
#define _Acquires_lock_(l)
#define _Releases_lock_(l)
#define _Function_class_(c)
#define _Dispatch_type_(t)
#define _Use_decl_annotations_
#define _When_(c, a)
#define _At_(e, a)
#define _Pre_
#define _Post_
#define _Pre_notnull_
#define _Post_invalid_
#define _Notnull_
#define _Null_terminated_
#define _Field_size_(n)
#define _Field_size_bytes_(n)
#define _Kernel_clear_do_init_(y)
#define _Kernel_requires_resource_held_(r)
#define __drv_dispatchType(t)
#define __drv_maxIRQL(l)
#define __drv_requiresIRQL(l)
#define __drv_aliasesMem
#define __drv_freesMem(k)
#define __drv_allocatesMem(k)
#define __in
#define __out
#define __inout
#define __in_opt
#define __out_opt

/* NTSTATUS (docs/contract/ioctl.md lists the ones ReaderKit's dispatcher returns). */
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define READERKIT_NTSTATUS(v) ((NTSTATUS)(int32_t)(uint32_t)(v))
#define STATUS_SUCCESS READERKIT_NTSTATUS(0x00000000u)
#define STATUS_WAIT_0 READERKIT_NTSTATUS(0x00000000u)
#define STATUS_ALERTED READERKIT_NTSTATUS(0x00000101u)
#define STATUS_TIMEOUT READERKIT_NTSTATUS(0x00000102u)
#define STATUS_PENDING READERKIT_NTSTATUS(0x00000103u)
#define STATUS_BUFFER_OVERFLOW READERKIT_NTSTATUS(0x80000005u)
#define STATUS_DEVICE_BUSY READERKIT_NTSTATUS(0x80000011u)
#define STATUS_NO_MORE_ENTRIES READERKIT_NTSTATUS(0x8000001Au)
#define STATUS_UNSUCCESSFUL READERKIT_NTSTATUS(0xC0000001u)
#define STATUS_NOT_IMPLEMENTED READERKIT_NTSTATUS(0xC0000002u)
#define STATUS_INVALID_HANDLE READERKIT_NTSTATUS(0xC0000008u)
#define STATUS_INVALID_PARAMETER READERKIT_NTSTATUS(0xC000000Du)
#define STATUS_NO_SUCH_DEVICE READERKIT_NTSTATUS(0xC000000Eu)
#define STATUS_INVALID_DEVICE_REQUEST READERKIT_NTSTATUS(0xC0000010u)
#define STATUS_UNRECOGNIZED_MEDIA READERKIT_NTSTATUS(0xC0000014u)
#define STATUS_MORE_PROCESSING_REQUIRED READERKIT_NTSTATUS(0xC0000016u)
#define STATUS_ACCESS_DENIED READERKIT_NTSTATUS(0xC0000022u)
#define STATUS_BUFFER_TOO_SMALL READERKIT_NTSTATUS(0xC0000023u)
#define STATUS_DATA_ERROR READERKIT_NTSTATUS(0xC000003Eu)
#define STATUS_CRC_ERROR READERKIT_NTSTATUS(0xC000003Fu)
#define STATUS_DELETE_PENDING READERKIT_NTSTATUS(0xC0000056u)
#define STATUS_INSUFFICIENT_RESOURCES READERKIT_NTSTATUS(0xC000009Au)
#define STATUS_DEVICE_DATA_ERROR READERKIT_NTSTATUS(0xC000009Cu)
#define STATUS_DEVICE_NOT_CONNECTED READERKIT_NTSTATUS(0xC000009Du)
#define STATUS_DEVICE_NOT_READY READERKIT_NTSTATUS(0xC00000A3u)
#define STATUS_IO_TIMEOUT READERKIT_NTSTATUS(0xC00000B5u)
#define STATUS_NOT_SUPPORTED READERKIT_NTSTATUS(0xC00000BBu)
#define STATUS_CANCELLED READERKIT_NTSTATUS(0xC0000120u)
#define STATUS_NO_MEDIA READERKIT_NTSTATUS(0xC0000178u)
#define STATUS_INVALID_DEVICE_STATE READERKIT_NTSTATUS(0xC0000184u)
#define STATUS_IO_DEVICE_ERROR READERKIT_NTSTATUS(0xC0000185u)
#define STATUS_DEVICE_PROTOCOL_ERROR READERKIT_NTSTATUS(0xC0000186u)
#define STATUS_INVALID_BUFFER_SIZE READERKIT_NTSTATUS(0xC0000206u)
#define STATUS_NOT_FOUND READERKIT_NTSTATUS(0xC0000225u)
#define STATUS_DEVICE_REMOVED READERKIT_NTSTATUS(0xC00002B6u)

READERKIT_WDK_END

#endif
