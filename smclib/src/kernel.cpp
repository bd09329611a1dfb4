// SPDX-License-Identifier: MIT
// The kernel subset of wdm.h in user space: spin locks and mutexes are pthread mutexes,
// events a mutex + condition variable, pool memory the heap, time the system clocks. Also the
// library's debug level, DbgPrint and SmartcardLogError, which go to ReaderKit's log.
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>

#include "bridge.hpp"
#include "readerkit/status.hpp"

namespace readerkit::smclib {
namespace {

std::mutex g_log_mutex;
Log g_log;
std::atomic<ULONG> g_debug_level{0};
pthread_mutex_t g_cancel_lock = PTHREAD_MUTEX_INITIALIZER;

/// 100 ns units between 1601-01-01 and 1970-01-01.
constexpr LONGLONG kWindowsEpochOffset = 116444736000000000LL;

/// A Windows timeout (100 ns units, negative = relative) as an absolute CLOCK_REALTIME time.
timespec deadline_of(const LARGE_INTEGER& timeout) {
  LONGLONG units = timeout.QuadPart < 0 ? -timeout.QuadPart : 0;
  if (timeout.QuadPart > 0) {  // absolute: the time still to go
    LARGE_INTEGER now;
    KeQuerySystemTime(&now);
    units = timeout.QuadPart > now.QuadPart ? timeout.QuadPart - now.QuadPart : 0;
  }
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  const LONGLONG ns = ts.tv_nsec + (units % 10000000) * 100;
  ts.tv_sec += static_cast<time_t>(units / 10000000 + ns / 1000000000);
  ts.tv_nsec = static_cast<long>(ns % 1000000000);
  return ts;
}

NTSTATUS wait_event(KEVENT& e, const PLARGE_INTEGER timeout) {
  timespec deadline{};
  if (timeout != nullptr) deadline = deadline_of(*timeout);
  pthread_mutex_lock(&e.Lock);
  int rc = 0;
  while (e.Signaled == 0 && rc != ETIMEDOUT) {
    rc = timeout != nullptr ? pthread_cond_timedwait(&e.Condition, &e.Lock, &deadline)
                            : pthread_cond_wait(&e.Condition, &e.Lock);
  }
  const bool signalled = e.Signaled != 0;
  if (signalled && e.Type == SynchronizationEvent) e.Signaled = 0;
  pthread_mutex_unlock(&e.Lock);
  return signalled ? STATUS_SUCCESS : STATUS_TIMEOUT;
}

NTSTATUS wait_mutex(KMUTEX& m, const PLARGE_INTEGER timeout) {
  if (timeout == nullptr)
    return pthread_mutex_lock(&m.Lock) == 0 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
  const timespec deadline = deadline_of(*timeout);
  return pthread_mutex_timedlock(&m.Lock, &deadline) == 0 ? STATUS_SUCCESS : STATUS_TIMEOUT;
}

}  // namespace

void set_debug_log(const Log& log) {
  std::lock_guard lock(g_log_mutex);
  g_log = log;
}

Log debug_log() {
  std::lock_guard lock(g_log_mutex);
  return g_log;
}

}  // namespace readerkit::smclib

using namespace readerkit;
using namespace readerkit::smclib;

extern "C" {

VOID IoCompleteRequest(PIRP Irp, CCHAR PriorityBoost) {
  UNREFERENCED_PARAMETER(PriorityBoost);
  if (Irp == nullptr) return;
  auto completion = Irp->ReaderKitCompletion;
  Irp->ReaderKitCompletion = nullptr;  // an IRP completes once
  if (completion != nullptr) completion(Irp, Irp->ReaderKitContext);
}

PDRIVER_CANCEL IoSetCancelRoutine(PIRP Irp, PDRIVER_CANCEL CancelRoutine) {
  return __atomic_exchange_n(&Irp->CancelRoutine, CancelRoutine, __ATOMIC_SEQ_CST);
}

VOID IoAcquireCancelSpinLock(PKIRQL Irql) {
  pthread_mutex_lock(&g_cancel_lock);
  if (Irql != nullptr) *Irql = DISPATCH_LEVEL;
}

VOID IoReleaseCancelSpinLock(KIRQL Irql) {
  UNREFERENCED_PARAMETER(Irql);
  pthread_mutex_unlock(&g_cancel_lock);
}

VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock) {
  pthread_mutex_init(SpinLock, nullptr);
}

VOID KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql) {
  pthread_mutex_lock(SpinLock);
  if (OldIrql != nullptr) *OldIrql = PASSIVE_LEVEL;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql) {
  UNREFERENCED_PARAMETER(NewIrql);
  pthread_mutex_unlock(SpinLock);
}

VOID KeInitializeMutex(PKMUTEX Mutex, ULONG Level) {
  UNREFERENCED_PARAMETER(Level);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&Mutex->Lock, &attr);
  pthread_mutexattr_destroy(&attr);
  Mutex->ReaderKitKind = READERKIT_KOBJECT_MUTEX;
}

LONG KeReleaseMutex(PKMUTEX Mutex, BOOLEAN Wait) {
  UNREFERENCED_PARAMETER(Wait);
  pthread_mutex_unlock(&Mutex->Lock);
  return 0;
}

VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State) {
  pthread_mutex_init(&Event->Lock, nullptr);
  pthread_cond_init(&Event->Condition, nullptr);
  Event->Signaled = State ? 1 : 0;
  Event->Type = Type;
  Event->ReaderKitKind = READERKIT_KOBJECT_EVENT;
}

LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait) {
  UNREFERENCED_PARAMETER(Increment);
  UNREFERENCED_PARAMETER(Wait);
  pthread_mutex_lock(&Event->Lock);
  const LONG previous = Event->Signaled;
  Event->Signaled = 1;
  if (Event->Type == SynchronizationEvent)
    pthread_cond_signal(&Event->Condition);
  else
    pthread_cond_broadcast(&Event->Condition);
  pthread_mutex_unlock(&Event->Lock);
  return previous;
}

LONG KeResetEvent(PRKEVENT Event) {
  pthread_mutex_lock(&Event->Lock);
  const LONG previous = Event->Signaled;
  Event->Signaled = 0;
  pthread_mutex_unlock(&Event->Lock);
  return previous;
}

VOID KeClearEvent(PRKEVENT Event) {
  (void)KeResetEvent(Event);
}

LONG KeReadStateEvent(PRKEVENT Event) {
  pthread_mutex_lock(&Event->Lock);
  const LONG state = Event->Signaled;
  pthread_mutex_unlock(&Event->Lock);
  return state;
}

NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                               BOOLEAN Alertable, PLARGE_INTEGER Timeout) {
  UNREFERENCED_PARAMETER(WaitReason);
  UNREFERENCED_PARAMETER(WaitMode);
  UNREFERENCED_PARAMETER(Alertable);
  if (Object == nullptr) return STATUS_INVALID_PARAMETER;
  const ULONG kind = *static_cast<const ULONG*>(Object);
  if (kind == READERKIT_KOBJECT_EVENT) return wait_event(*static_cast<KEVENT*>(Object), Timeout);
  if (kind == READERKIT_KOBJECT_MUTEX) return wait_mutex(*static_cast<KMUTEX*>(Object), Timeout);
  return STATUS_INVALID_PARAMETER;
}

NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                                PLARGE_INTEGER Interval) {
  UNREFERENCED_PARAMETER(WaitMode);
  UNREFERENCED_PARAMETER(Alertable);
  if (Interval == nullptr) return STATUS_INVALID_PARAMETER;
  const LONGLONG units = Interval->QuadPart < 0 ? -Interval->QuadPart : 0;
  std::this_thread::sleep_for(std::chrono::nanoseconds(units * 100));
  return STATUS_SUCCESS;
}

VOID KeStallExecutionProcessor(ULONG MicroSeconds) {
  std::this_thread::sleep_for(std::chrono::microseconds(MicroSeconds));
}

VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime) {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  CurrentTime->QuadPart = LONGLONG{ts.tv_sec} * 10000000 + ts.tv_nsec / 100 + kWindowsEpochOffset;
}

VOID KeQueryTickCount(PLARGE_INTEGER TickCount) {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  TickCount->QuadPart =
      (LONGLONG{ts.tv_sec} * 10000000 + ts.tv_nsec / 100) / KeQueryTimeIncrement();
}

ULONG KeQueryTimeIncrement(VOID) {
  return 10000; /* 1 ms ticks, in 100 ns units */
}

KIRQL KeGetCurrentIrql(VOID) {
  return PASSIVE_LEVEL;
}

PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes) {
  UNREFERENCED_PARAMETER(PoolType);
  return std::malloc(NumberOfBytes != 0 ? NumberOfBytes : 1);
}

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  UNREFERENCED_PARAMETER(Tag);
  return ExAllocatePool(PoolType, NumberOfBytes);
}

PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  UNREFERENCED_PARAMETER(PoolType);
  UNREFERENCED_PARAMETER(Tag);
  return std::calloc(1, NumberOfBytes != 0 ? NumberOfBytes : 1);
}

VOID ExFreePool(PVOID P) {
  std::free(P);
}

VOID ExFreePoolWithTag(PVOID P, ULONG Tag) {
  UNREFERENCED_PARAMETER(Tag);
  std::free(P);
}

SIZE_T RtlCompareMemory(const VOID* Source1, const VOID* Source2, SIZE_T Length) {
  const auto* a = static_cast<const UCHAR*>(Source1);
  const auto* b = static_cast<const UCHAR*>(Source2);
  SIZE_T i = 0;
  while (i < Length && a[i] == b[i]) ++i;
  return i;
}

VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, const WCHAR* SourceString) {
  SIZE_T n = 0;
  while (SourceString != nullptr && SourceString[n] != 0 && n < 0x7FFE) ++n;
  DestinationString->Buffer = const_cast<PWSTR>(SourceString);
  DestinationString->Length = static_cast<USHORT>(n * sizeof(WCHAR));
  DestinationString->MaximumLength =
      static_cast<USHORT>(SourceString ? (n + 1) * sizeof(WCHAR) : 0);
}

ULONG DbgPrint(PCSTR Format, ...) {
  char text[512];
  va_list args;
  va_start(args, Format);
  const int n = std::vsnprintf(text, sizeof text, Format, args);
  va_end(args);
  std::string line(text);
  while (!line.empty() && line.back() == '\n') line.pop_back();
  debug_log()(LogLevel::DRIVER, line);
  return n < 0 ? 0 : static_cast<ULONG>(n);
}

ULONG SmartcardGetDebugLevel(VOID) {
  return g_debug_level.load();
}

VOID SmartcardSetDebugLevel(ULONG Level) {
  g_debug_level.store(Level);
}

VOID SmartcardLogError(PVOID Object, NTSTATUS ErrorCode, PUNICODE_STRING Insertion,
                       ULONG DumpData) {
  UNREFERENCED_PARAMETER(Object);
  std::string text;
  for (USHORT i = 0;
       Insertion != nullptr && Insertion->Buffer != nullptr && i < Insertion->Length / 2; ++i)
    text += static_cast<char>(Insertion->Buffer[i] < 0x80 ? Insertion->Buffer[i] : '?');
  char line[160];
  std::snprintf(line, sizeof line, "SmartcardLogError 0x%08X dump 0x%08X%s%s",
                static_cast<unsigned>(ErrorCode), static_cast<unsigned>(DumpData),
                text.empty() ? "" : " ", text.c_str());
  debug_log()(LogLevel::ERROR, line);
}

}  // extern "C"
