// SPDX-License-Identifier: MIT
// SmartcardInitialize / SmartcardExit and the Device behind an extension: its callback table
// calls the driver's ReaderFunction[] through the C structures.
#include <algorithm>
#include <cstring>
#include <new>

#include "bridge.hpp"
#include "readerkit/card.hpp"
#include "readerkit/pps.hpp"

namespace readerkit::smclib {
namespace {

constexpr std::uint32_t kSetProtocolSlot = static_cast<std::uint32_t>(Rdf::RDF_SET_PROTOCOL);
constexpr std::uint32_t kTrackingSlot = static_cast<std::uint32_t>(Rdf::RDF_CARD_TRACKING);

/// PtsData as smclib fills it before RDF_SET_PROTOCOL: the Fi/Di the library proposes
/// (OPTIMAL) or the defaults (DEFAULT), with the clock and the data rate they give.
void pts_to_c(const CardCapabilities& card, const ReaderCapabilities& reader, PTS_DATA& out) {
  const std::uint8_t ta1 = card.pps.empty() ? 0x11 : card.pps.ta1;
  out.Type = card.pps.empty() ? PTS_TYPE_DEFAULT : PTS_TYPE_OPTIMAL;
  out.Fl = static_cast<UCHAR>(ta1 >> 4);
  out.Dl = static_cast<UCHAR>(ta1 & 0x0F);
  out.CLKFrequency = reader.current_clk_khz;
  const std::uint32_t f = fi_value(out.Fl).value_or(372);
  const std::uint32_t d = di_value(out.Dl).value_or(1);
  out.DataRate = static_cast<ULONG>(std::uint64_t{reader.current_clk_khz} * 1000 * d / f);
  out.StopBits = 2;
}

/// After a successful RDF_SET_PROTOCOL: the parameters the driver says are in effect. A driver
/// whose PPS failed sets PtsData.Type to PTS_TYPE_DEFAULT (smclib's fallback rule).
void pts_from_c(const PTS_DATA& pts, CallbackParams& params) {
  CardCapabilities& card = *params.card;
  if (pts.Type == PTS_TYPE_DEFAULT) {
    card.use_default_parameters();
    update_card_timing(card, *params.reader);
    return;
  }
  if (!card.pps.empty()) {
    apply_pps(card, *params.reader, static_cast<std::uint8_t>(pts.Fl << 4 | (pts.Dl & 0x0F)));
  }
}

/// Everything a callback reads, from the core's parameters into the extension.
void params_to_c(Bridge& b, CallbackParams& params, std::uint32_t slot) {
  SMARTCARD_EXTENSION& ext = *b.ext;
  ext.MajorIoControlCode = params.major_code;
  ext.MinorIoControlCode = params.minor_code;
  ext.IoRequest.RequestBuffer =
      const_cast<PUCHAR>(reinterpret_cast<const UCHAR*>(params.request.data()));
  ext.IoRequest.RequestBufferLength = static_cast<ULONG>(params.request.size());
  ext.IoRequest.ReplyBuffer = reinterpret_cast<PUCHAR>(params.reply.data());
  ext.IoRequest.ReplyBufferLength = static_cast<ULONG>(params.reply.size());
  b.information = 0;
  ext.IoRequest.Information = &b.information;
  card_to_c(*params.card, *params.reader, ext.CardCapabilities);
  if (slot == kSetProtocolSlot)
    pts_to_c(*params.card, *params.reader, ext.CardCapabilities.PtsData);
  t1_to_c(*params.protocol, ext.T1);
  ext.SmartcardRequest.BufferLength = 0;
  ext.SmartcardReply.BufferLength = 0;
  perf_to_c(b.device->perf_counters(), b.perf);
  KIRQL irql = 0;
  KeAcquireSpinLock(&b.os.SpinLock, &irql);
  // The driver owns presence (ABSENT vs not); the library owns the states of a card that is
  // in: POWERED, NEGOTIABLE, SPECIFIC (as smclib writes them after power and set protocol).
  const auto state = static_cast<ULONG>(b.device->state());
  constexpr auto absent = static_cast<ULONG>(CardState::SCARD_ABSENT);
  if (ext.ReaderCapabilities.CurrentState > absent && state > absent)
    ext.ReaderCapabilities.CurrentState = state;
  b.os.CurrentIrp = current_irp();
  if (slot == kTrackingSlot) b.os.NotificationIrp = current_irp();
  KeReleaseSpinLock(&b.os.SpinLock, irql);
}

/// What a callback may change, from the extension back into the core's parameters.
void params_from_c(Bridge& b, CallbackParams& params, std::uint32_t slot, Status status) {
  SMARTCARD_EXTENSION& ext = *b.ext;
  *params.bytes_returned = std::min<std::size_t>(b.information, params.reply.size());
  const auto& atr = ext.CardCapabilities.ATR;
  const std::size_t atr_length = std::min<std::size_t>(atr.Length, MAXIMUM_ATR_LENGTH);
  const auto* atr_bytes = reinterpret_cast<const std::byte*>(atr.Buffer);
  if (!std::equal(atr_bytes, atr_bytes + atr_length, params.card->atr.begin(),
                  params.card->atr.end()))
    params.card->atr.assign(atr_bytes, atr_bytes + atr_length);
  if (slot == kSetProtocolSlot && status == Status::SUCCESS)
    pts_from_c(ext.CardCapabilities.PtsData, params);
  params.protocol->nad = ext.T1.NAD;
  *params.reader = reader_from_c(ext);
}

Status call_driver(Bridge& b, std::uint32_t slot, CallbackParams& params) {
  params_to_c(b, params, slot);
  b.current = &params;
  const NTSTATUS result = b.ext->ReaderFunction[slot](b.ext);
  b.current = nullptr;
  const Status status = to_status(result);
  params_from_c(b, params, slot, status);
  return status;
}

CallbackTable callbacks_of(Bridge& b) {
  CallbackTable table;
  for (std::uint32_t slot = 0; slot < RDF_SLOT_COUNT; ++slot) {
    if (b.ext->ReaderFunction[slot] == nullptr) continue;
    table.slots[slot] = [&b, slot](CallbackParams& params) { return call_driver(b, slot, params); };
  }
  return table;
}

void allocate_buffer(std::vector<UCHAR>& storage, PUCHAR& buffer, ULONG& size) {
  size = std::max<ULONG>(size, MIN_BUFFER_SIZE);
  storage.assign(size, 0);
  buffer = storage.data();
}

}  // namespace

Bridge* bridge_of(PSMARTCARD_EXTENSION ext) {
  if (ext == nullptr || ext->OsData == nullptr) return nullptr;
  return static_cast<Bridge*>(ext->OsData->ReaderKitDevice);
}

Device* start_device(PSMARTCARD_EXTENSION ext, HostConfig config) {
  Bridge* b = bridge_of(ext);
  if (b == nullptr) return nullptr;
  if (b->device) return b->device.get();
  b->lenient_atr = config.lenient_atr;
  set_debug_log(config.log);
  DeviceConfig device_config;
  device_config.unit = ext->VendorAttr.UnitNo;
  device_config.lenient_atr = config.lenient_atr;
  device_config.io_buffer_size =
      std::max(ext->SmartcardRequest.BufferSize, ext->SmartcardReply.BufferSize);
  device_config.log = std::move(config.log);
  device_config.driver_extension = ext->ReaderExtension;
  device_config.device_control = std::move(config.device_control);
  b->device =
      std::make_unique<Device>(callbacks_of(*b), reader_from_c(*ext), std::move(device_config));
  return b->device.get();
}

Device* device_of(PSMARTCARD_EXTENSION ext) {
  Bridge* b = bridge_of(ext);
  if (b == nullptr) return nullptr;
  return b->device ? b->device.get() : start_device(ext, HostConfig{});
}

}  // namespace readerkit::smclib

using readerkit::smclib::Bridge;
using readerkit::smclib::bridge_of;

extern "C" NTSTATUS SmartcardInitialize(PSMARTCARD_EXTENSION SmartcardExtension) {
  if (SmartcardExtension == nullptr) return STATUS_INVALID_PARAMETER;
  if (SmartcardExtension->Version < SMCLIB_VERSION_REQUIRED) return STATUS_UNSUCCESSFUL;
  if (bridge_of(SmartcardExtension) != nullptr) return STATUS_INVALID_DEVICE_STATE;
  auto* b = new (std::nothrow) Bridge(SmartcardExtension);
  if (b == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
  try {
    readerkit::smclib::allocate_buffer(b->request_buffer,
                                       SmartcardExtension->SmartcardRequest.Buffer,
                                       SmartcardExtension->SmartcardRequest.BufferSize);
    readerkit::smclib::allocate_buffer(b->reply_buffer, SmartcardExtension->SmartcardReply.Buffer,
                                       SmartcardExtension->SmartcardReply.BufferSize);
  } catch (const std::bad_alloc&) {
    delete b;
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  KeInitializeSpinLock(&b->os.SpinLock);
  KeInitializeMutex(&b->os.Mutex, 0);
  KeInitializeEvent(&b->os.RemoveLock.RemoveEvent, NotificationEvent, 0);
  b->os.DeviceObject = &b->device_object;
  b->os.ReaderKitDevice = b;
  SmartcardExtension->OsData = &b->os;
  SmartcardExtension->PerfInfo = &b->perf;
  return STATUS_SUCCESS;
}

extern "C" VOID SmartcardExit(PSMARTCARD_EXTENSION SmartcardExtension) {
  Bridge* b = bridge_of(SmartcardExtension);
  if (b == nullptr) return;
  if (b->device) b->device->shutdown();
  b->device.reset();
  pthread_mutex_destroy(&b->os.SpinLock);
  pthread_mutex_destroy(&b->os.Mutex.Lock);
  SmartcardExtension->OsData = nullptr;
  SmartcardExtension->PerfInfo = nullptr;
  SmartcardExtension->SmartcardRequest.Buffer = nullptr;
  SmartcardExtension->SmartcardReply.Buffer = nullptr;
  delete b;
}
