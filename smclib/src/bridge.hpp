// SPDX-License-Identifier: MIT
// The state libreaderkit-smclib keeps per SMARTCARD_EXTENSION (internal).
//
// Rule for the whole library (docs/smclib.md "Library and headers"): every translation unit
// includes ReaderKit's C++ headers first and the WDK headers last, with
// READERKIT_WDK_TYPES_ONLY defined (CMake), so it sees the WDK structures and prototypes but
// none of the WDK macro constants whose spellings ReaderKit's C++ enumerators share
// (RDF_*, SCARD_*, IOCTL_SMARTCARD_*). Constants are named through the C++ tables here.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "readerkit/device.hpp"
#include "readerkit/driver.hpp"
#include "readerkit/log.hpp"
// WDK last (see above).
#include "smclib.h"

namespace readerkit::smclib {

/// What the host (loader, tests) decides about the device it starts for a driver.
struct HostConfig {
  Log log;
  bool lenient_atr = false;
  DeviceControlRoutine device_control;  // the driver's ReaderKitDeviceControl, bridged
};

/// One initialised SMARTCARD_EXTENSION: the OS_DEP_DATA it points to, the library-owned
/// SmartcardRequest/SmartcardReply buffers, and the ReaderKit Device behind it.
struct Bridge {
  explicit Bridge(PSMARTCARD_EXTENSION e) : ext(e) {}
  PSMARTCARD_EXTENSION ext;
  OS_DEP_DATA os{};
  DEVICE_OBJECT device_object{};
  PERF_INFO perf{};
  std::vector<UCHAR> request_buffer;
  std::vector<UCHAR> reply_buffer;
  std::unique_ptr<Device> device;
  CallbackParams* current = nullptr;  // the callback running now (callbacks are serialised)
  ULONG information = 0;              // IoRequest.Information points here during a callback
  bool lenient_atr = false;
};

/// The bridge of an initialised extension; nullptr before SmartcardInitialize.
Bridge* bridge_of(PSMARTCARD_EXTENSION ext);

/// Creates the Device for an initialised extension (ReaderFunction[] is read now). Returns
/// it, or nullptr when the extension is not initialised. A second call returns the same one.
Device* start_device(PSMARTCARD_EXTENSION ext, HostConfig config);

/// The Device, started with a default HostConfig if no host started it.
Device* device_of(PSMARTCARD_EXTENSION ext);

/// The status a C driver returned, as one of the contract's statuses (§7): listed values
/// pass, STATUS_TIMEOUT is IO_TIMEOUT, other failures DEVICE_PROTOCOL_ERROR, other successes
/// SUCCESS.
Status to_status(NTSTATUS value);
inline NTSTATUS to_ntstatus(Status s) {
  return static_cast<NTSTATUS>(ntstatus(s));
}

// C structures <-> the core's (src/convert.cpp).
ReaderCapabilities reader_from_c(const SMARTCARD_EXTENSION& ext);
void card_to_c(const CardCapabilities& card, const ReaderCapabilities& reader,
               SCARD_CARD_CAPABILITIES& out);
void t1_to_c(const ProtocolState& protocol, T1_DATA& out);
void perf_to_c(const PerfCounters& perf, PERF_INFO& out);

/// The IRP SmartcardDeviceControl is handling on this thread (OsData->CurrentIrp while its
/// callbacks run).
PIRP& current_irp();

/// The process-wide log DbgPrint and SmartcardDebug write to (the last started device's).
void set_debug_log(const Log& log);
Log debug_log();

}  // namespace readerkit::smclib
