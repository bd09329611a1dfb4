// SPDX-License-Identifier: MIT
// SmartcardDeviceControl (the core's dispatch table on an IRP), card tracking completion,
// drivers' pending requests and the remove lock.
#include "bridge.hpp"
#include "readerkit/card.hpp"
// WDK last (bridge.hpp's rule).
#include "smclib.h"

namespace readerkit::smclib {
namespace {

constexpr auto kAbsent = static_cast<ULONG>(CardState::SCARD_ABSENT);

/// Ends `irp` with `result`, after forgetting it as OsData's current or notification IRP.
void complete_irp(Bridge& b, PIRP irp, IoResult result) {
  KIRQL irql = 0;
  KeAcquireSpinLock(&b.os.SpinLock, &irql);
  if (b.os.NotificationIrp == irp) b.os.NotificationIrp = nullptr;
  if (b.os.CurrentIrp == irp) b.os.CurrentIrp = nullptr;
  KeReleaseSpinLock(&b.os.SpinLock, irql);
  irp->IoStatus.Status = to_ntstatus(result.status);
  irp->IoStatus.Information = result.information;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
}

ULONG reported_state(Bridge& b) {
  KIRQL irql = 0;
  KeAcquireSpinLock(&b.os.SpinLock, &irql);
  const ULONG state = b.ext->ReaderCapabilities.CurrentState;
  KeReleaseSpinLock(&b.os.SpinLock, irql);
  return state;
}

}  // namespace

PIRP& current_irp() {
  thread_local PIRP irp = nullptr;
  return irp;
}

}  // namespace readerkit::smclib

using namespace readerkit;
using namespace readerkit::smclib;

extern "C" NTSTATUS SmartcardDeviceControl(PSMARTCARD_EXTENSION SmartcardExtension, PIRP Irp) {
  Bridge* b = bridge_of(SmartcardExtension);
  Device* device = device_of(SmartcardExtension);
  if (b == nullptr || device == nullptr || Irp == nullptr) return STATUS_INVALID_DEVICE_STATE;
  const IO_STACK_LOCATION* stack = IoGetCurrentIrpStackLocation(Irp);
  const auto& p = stack->Parameters.DeviceIoControl;
  auto* buffer = static_cast<std::byte*>(Irp->AssociatedIrp.SystemBuffer);
  const std::span<const std::byte> input(buffer, buffer ? p.InputBufferLength : 0);
  const std::span<std::byte> output(buffer, buffer ? p.OutputBufferLength : 0);
  PIRP outer = current_irp();
  current_irp() = Irp;
  const IoResult result = device->dispatch(
      p.IoControlCode, input, output, [b, Irp](IoResult done) { complete_irp(*b, Irp, done); });
  current_irp() = outer;
  if (result.status == Status::PENDING) {
    IoMarkIrpPending(Irp);
    return STATUS_PENDING;
  }
  complete_irp(*b, Irp, result);
  return to_ntstatus(result.status);
}

extern "C" VOID SmartcardCompleteCardTracking(PSMARTCARD_EXTENSION SmartcardExtension) {
  Bridge* b = bridge_of(SmartcardExtension);
  Device* device = device_of(SmartcardExtension);
  if (b == nullptr || device == nullptr) return;
  const bool in_reader = reported_state(*b) > kAbsent;
  const bool known_in = device->state() > CardState::SCARD_ABSENT;
  if (in_reader && !known_in) device->card_inserted();
  if (!in_reader && known_in) device->card_removed();
}

extern "C" VOID SmartcardCompleteRequest(PSMARTCARD_EXTENSION SmartcardExtension, NTSTATUS Status) {
  if (Device* device = device_of(SmartcardExtension))
    device->complete_driver_request(to_status(Status));
}

extern "C" NTSTATUS SmartcardAcquireRemoveLock(PSMARTCARD_EXTENSION SmartcardExtension) {
  Bridge* b = bridge_of(SmartcardExtension);
  if (b == nullptr) return STATUS_INVALID_DEVICE_STATE;
  if (!b->device) return STATUS_SUCCESS;  // nothing to protect before the device starts
  return to_ntstatus(b->device->acquire_remove_lock());
}

extern "C" NTSTATUS SmartcardAcquireRemoveLockWithTag(PSMARTCARD_EXTENSION SmartcardExtension,
                                                      ULONG Tag) {
  UNREFERENCED_PARAMETER(Tag);
  return SmartcardAcquireRemoveLock(SmartcardExtension);
}

extern "C" VOID SmartcardReleaseRemoveLock(PSMARTCARD_EXTENSION SmartcardExtension) {
  Bridge* b = bridge_of(SmartcardExtension);
  if (b != nullptr && b->device) b->device->release_remove_lock();
}

extern "C" VOID SmartcardReleaseRemoveLockWithTag(PSMARTCARD_EXTENSION SmartcardExtension,
                                                  ULONG Tag) {
  UNREFERENCED_PARAMETER(Tag);
  SmartcardReleaseRemoveLock(SmartcardExtension);
}

extern "C" VOID SmartcardReleaseRemoveLockAndWait(PSMARTCARD_EXTENSION SmartcardExtension) {
  Bridge* b = bridge_of(SmartcardExtension);
  if (b == nullptr || !b->device) return;
  b->device->release_remove_lock();  // the caller's own acquisition
  b->device->shutdown();
}
