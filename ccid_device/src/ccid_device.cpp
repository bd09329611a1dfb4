// SPDX-License-Identifier: MIT
// The CCID device over USB/IP URBs (ccid_device.hpp). One worker thread runs the commands of
// every slot in arrival order and re-arms card tracking; URBs that wait (bulk-IN for a
// response, interrupt-IN for a slot change) are completed when what they wait for exists.
// Completions are called outside the lock.
#include "readerkit/ccid_device/ccid_device.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "control_requests.hpp"
#include "descriptors.hpp"
#include "message_assembler.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/version.hpp"
#include "slot_calls.hpp"
#include "slot_commands.hpp"

namespace readerkit::ccid_device {
namespace {

struct Waiting {
  std::uint32_t seqnum = 0;
  std::uint32_t length = 0;
  usbip::UrbCompletion complete;
};

/// Completions gathered under the lock, called after it is released.
using Ready = std::vector<std::pair<usbip::UrbCompletion, usbip::UrbResult>>;

void call(Ready& ready) {
  for (auto& [complete, result] : ready) complete(std::move(result));
  ready.clear();
}

bool card_absent(const Device& device) {
  const auto s = device.state();
  return s == CardState::SCARD_ABSENT || s == CardState::SCARD_UNKNOWN;
}

}  // namespace

std::string export_problem(const Reader& reader, const Profile& profile) {
  auto& r = const_cast<Reader&>(reader);
  if (r.slot_count() == 0) return "the reader has no slot";
  if (profile.pin_pad && !r.slot(0).reader().pin_pad) {
    return "profile " + std::string(profile.name) + " needs a reader with a PIN pad";
  }
  return {};
}

struct CcidDevice::Impl : std::enable_shared_from_this<Impl> {
  Impl(Reader& r, CcidDeviceOptions o)
      : reader(r), options(std::move(o)), out(options.profile.max_message) {}

  Reader& reader;
  CcidDeviceOptions options;
  Descriptors descriptors;
  std::vector<std::unique_ptr<SlotCommands>> slots;

  std::mutex m;
  std::condition_variable wake;
  bool stopping = false;
  std::uint64_t generation = 0;  // +1 per attach and detach: older work is dropped
  ControlState control;
  MessageAssembler out;
  std::deque<ccid::ReceivedCommand> commands;
  std::vector<int> busy;  // per slot: commands queued or running
  std::deque<Bytes> responses;
  std::size_t response_sent = 0;
  std::deque<Waiting> bulk_in, interrupt_in;
  std::vector<char> present, changed;
  std::deque<std::size_t> tracked;  // slots whose tracking request completed
  bool power_down = false;
  std::thread worker;

  std::size_t slot_count() const { return slots.size(); }
  Device& device(std::size_t i) { return reader.slot(i); }

  // --- under the lock -----------------------------------------------------------------------
  void flush_bulk_in(Ready& ready) {
    while (!responses.empty() && !bulk_in.empty()) {
      Waiting w = std::move(bulk_in.front());
      bulk_in.pop_front();
      const Bytes& front = responses.front();
      const auto n = std::min<std::size_t>(w.length, front.size() - response_sent);
      const auto begin = front.begin() + static_cast<std::ptrdiff_t>(response_sent);
      ready.emplace_back(
          std::move(w.complete),
          usbip::UrbResult::in(Bytes(begin, begin + static_cast<std::ptrdiff_t>(n))));
      response_sent += n;
      if (response_sent == front.size()) {
        responses.pop_front();
        response_sent = 0;
      }
    }
  }

  void flush_interrupt(Ready& ready) {
    if (interrupt_in.empty()) return;
    if (std::none_of(changed.begin(), changed.end(), [](char c) { return c != 0; })) return;
    std::vector<ccid::SlotChange> entries;
    for (std::size_t i = 0; i < slot_count(); ++i) {
      entries.push_back({static_cast<std::uint8_t>(i), present[i] != 0, changed[i] != 0});
      changed[i] = 0;
    }
    Bytes message = ccid::notify_slot_change(slot_count(), entries);
    Waiting w = std::move(interrupt_in.front());
    interrupt_in.pop_front();
    if (message.size() > w.length) message.resize(w.length);
    ready.emplace_back(std::move(w.complete), usbip::UrbResult::in(std::move(message)));
  }

  void respond(const ccid::Response& response, Ready& ready) {
    responses.push_back(response.encode());
    flush_bulk_in(ready);
  }

  void take_command(std::span<const std::byte> frame, Ready& ready) {
    auto parsed = ccid::parse_command(frame);
    if (!parsed) return;  // the assembler only hands over whole frames
    const auto slot = parsed->command.slot;
    if (slot >= slot_count()) {
      return respond(refuse(*parsed, kOffsetSlot, ccid::IccStatus::absent), ready);
    }
    if (busy[slot] > 0 && parsed->command.type != ccid::PcToRdr::PC_to_RDR_Abort) {
      return respond(refuse(*parsed, static_cast<std::uint8_t>(ccid::SlotError::CMD_SLOT_BUSY),
                            icc_status(device(slot))),
                     ready);
    }
    ++busy[slot];
    commands.push_back(std::move(*parsed));
    wake.notify_all();
  }

  void take_oversize(std::span<const std::byte> header, Ready& ready) {
    ccid::ReceivedCommand r;
    r.command.type = static_cast<ccid::PcToRdr>(std::to_integer<std::uint8_t>(header[0]));
    r.command.slot = std::to_integer<std::uint8_t>(header[5]);
    r.seq = std::to_integer<std::uint8_t>(header[6]);
    const auto icc = r.command.slot < slot_count() ? icc_status(device(r.command.slot))
                                                   : ccid::IccStatus::absent;
    respond(refuse(r, kOffsetLength, icc), ready);
  }

  void clear_queues() {
    for (const auto& c : commands) --busy[c.command.slot];
    commands.clear();
    responses.clear();
    response_sent = 0;
    bulk_in.clear();
    interrupt_in.clear();
    out.reset();
    control.configuration = 0;
  }

  // --- the worker ----------------------------------------------------------------------------
  void arm(std::size_t i) {
    for (int attempt = 0; attempt < 3; ++attempt) {
      const bool absent = card_absent(device(i));
      Ready ready;
      {
        std::lock_guard lock(m);
        if (stopping) return;
        if (present[i] != static_cast<char>(!absent)) {
          present[i] = !absent;
          changed[i] = 1;
          flush_interrupt(ready);
        }
      }
      call(ready);
      const auto code = absent ? IOCTL_SMARTCARD_IS_PRESENT : IOCTL_SMARTCARD_IS_ABSENT;
      std::weak_ptr<Impl> self = weak_from_this();
      const IoResult r = device(i).control(code, {}, {}, [self, i](IoResult done) {
        if (auto impl = self.lock()) impl->on_tracked(i, done.status);
      });
      if (r.status == Status::PENDING) return;
      if (r.status != Status::SUCCESS) return;  // shutting down: no more tracking
    }
  }

  void on_tracked(std::size_t i, Status status) {
    if (status != Status::SUCCESS) return;  // CANCELLED, DELETE_PENDING: the end
    std::lock_guard lock(m);
    tracked.push_back(i);
    wake.notify_all();
  }

  void note_change(std::size_t i) {
    const bool now = !card_absent(device(i));
    Ready ready;
    {
      std::lock_guard lock(m);
      present[i] = now;
      changed[i] = 1;  // a removal and reinsertion between two looks is still a change
      flush_interrupt(ready);
    }
    call(ready);
    arm(i);
  }

  void power_down_all() {
    for (std::size_t i = 0; i < slot_count(); ++i) {
      slots[i]->reset_exchange();
      (void)power(device(i), PowerAction::SCARD_POWER_DOWN);
    }
  }

  void run_command(ccid::ReceivedCommand command, std::uint64_t started) {
    const auto slot = command.command.slot;
    const ccid::Response response = slots[slot]->run(command);
    Ready ready;
    {
      std::lock_guard lock(m);
      --busy[slot];
      if (generation == started) respond(response, ready);
    }
    call(ready);
  }

  void work() {
    for (std::size_t i = 0; i < slot_count(); ++i) arm(i);
    std::unique_lock lock(m);
    while (true) {
      wake.wait(lock,
                [&] { return stopping || power_down || !tracked.empty() || !commands.empty(); });
      if (stopping) return;
      if (power_down) {
        power_down = false;
        lock.unlock();
        power_down_all();
      } else if (!tracked.empty()) {
        const auto i = tracked.front();
        tracked.pop_front();
        lock.unlock();
        note_change(i);
      } else {
        auto command = std::move(commands.front());
        commands.pop_front();
        const auto started = generation;
        lock.unlock();
        run_command(std::move(command), started);
      }
      lock.lock();
    }
  }
};

CcidDevice::CcidDevice(Reader& reader, CcidDeviceOptions options)
    : impl_(std::make_shared<Impl>(reader, std::move(options))) {
  auto& d = *impl_;
  const auto count = reader.slot_count();
  for (std::size_t i = 0; i < count; ++i) {
    d.slots.push_back(std::make_unique<SlotCommands>(reader.slot(i), d.options.profile));
  }
  d.busy.assign(count, 0);
  d.present.assign(count, 0);
  for (std::size_t i = 0; i < count; ++i) d.present[i] = !card_absent(reader.slot(i));
  d.changed.assign(count, 0);
  Identity identity;
  identity.vendor_id = d.options.vendor_id;
  identity.product_id = d.options.product_id;
  identity.bcd_device =
      static_cast<std::uint16_t>(kVersionMajor << 8 | kVersionMinor << 4 | kVersionPatch);
  identity.product = "ReaderKit USB/IP CCID (" + std::string(d.options.profile.name) + ")";
  identity.serial = d.options.serial;
  const auto ccid =
      ccid_device::class_descriptor(d.options.profile, count, reader.slot(0).reader());
  d.descriptors = build_descriptors(d.options.profile, ccid, identity);
  d.worker = std::thread([&d] { d.work(); });
}

CcidDevice::~CcidDevice() {
  {
    std::lock_guard lock(impl_->m);
    impl_->stopping = true;
    impl_->clear_queues();
  }
  impl_->wake.notify_all();
  impl_->worker.join();
  for (std::size_t i = 0; i < impl_->slot_count(); ++i) impl_->device(i).cancel_tracking();
}

usbip::DeviceInfo CcidDevice::info() const {
  const auto& d = impl_->descriptors;
  usbip::DeviceInfo info;
  info.idVendor = impl_->options.vendor_id;
  info.idProduct = impl_->options.product_id;
  info.bcdDevice = static_cast<std::uint16_t>(std::to_integer<std::uint16_t>(d.device[12]) |
                                              std::to_integer<std::uint16_t>(d.device[13]) << 8);
  info.speed = usbip::Speed::full;
  info.interfaces = {{ccid::kInterfaceClassCcid, 0, 0}};
  return info;
}

const ccid::ClassDescriptor& CcidDevice::class_descriptor() const {
  return impl_->descriptors.ccid;
}

void CcidDevice::attach() {
  std::lock_guard lock(impl_->m);
  ++impl_->generation;
  impl_->clear_queues();
  // The first interrupt transfer reports every slot that holds a card (CCID §6.3.1).
  impl_->changed = impl_->present;
}

void CcidDevice::detach() {
  {
    std::lock_guard lock(impl_->m);
    ++impl_->generation;
    impl_->clear_queues();
    impl_->power_down = true;
  }
  impl_->wake.notify_all();
}

bool CcidDevice::unlink(std::uint32_t seqnum) {
  std::lock_guard lock(impl_->m);
  for (auto* queue : {&impl_->bulk_in, &impl_->interrupt_in}) {
    const auto it = std::find_if(queue->begin(), queue->end(),
                                 [&](const Waiting& w) { return w.seqnum == seqnum; });
    if (it != queue->end()) {
      queue->erase(it);
      return true;
    }
  }
  return false;
}

void CcidDevice::submit(usbip::Urb urb, usbip::UrbCompletion complete) {
  auto& d = *impl_;
  const bool in = urb.direction == usbip::Direction::in;
  Ready ready;
  {
    std::lock_guard lock(d.m);
    if (urb.endpoint == 0) {
      ready.emplace_back(std::move(complete), handle_control(urb, d.descriptors, d.control));
    } else if (urb.endpoint == kBulkOut && !in) {
      d.out.feed(
          urb.data, [&](std::span<const std::byte> f) { d.take_command(f, ready); },
          [&](std::span<const std::byte> h) { d.take_oversize(h, ready); });
      usbip::UrbResult taken;
      taken.actual_length = static_cast<std::uint32_t>(urb.data.size());
      ready.emplace_back(std::move(complete), std::move(taken));
    } else if (urb.endpoint == kBulkIn && in) {
      d.bulk_in.push_back({urb.seqnum, urb.length, std::move(complete)});
      d.flush_bulk_in(ready);
    } else if (urb.endpoint == kInterruptIn && in && d.descriptors.interrupt_endpoint) {
      d.interrupt_in.push_back({urb.seqnum, urb.length, std::move(complete)});
      d.flush_interrupt(ready);
    } else {
      ready.emplace_back(std::move(complete), usbip::UrbResult{kStall, {}, 0});
    }
  }
  call(ready);
}

}  // namespace readerkit::ccid_device
