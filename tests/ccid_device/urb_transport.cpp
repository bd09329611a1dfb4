// SPDX-License-Identifier: MIT
#include "urb_transport.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>

namespace readerkit::ccid_device::testing {
namespace {

struct Slot {
  std::mutex m;
  std::condition_variable cv;
  std::optional<usbip::UrbResult> result;
};

constexpr std::uint8_t kBulkOut = 1, kBulkIn = 2, kInterruptIn = 3;

}  // namespace

Result<usbip::UrbResult> UrbTransport::transfer(usbip::Urb urb, ccid::Millis timeout,
                                                const std::atomic<bool>* cancelled) {
  urb.seqnum = seqnum_++;
  auto slot = std::make_shared<Slot>();
  device_.submit(urb, [slot](usbip::UrbResult r) {
    std::lock_guard lock(slot->m);
    slot->result = std::move(r);
    slot->cv.notify_all();
  });
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(slot->m);
  while (!slot->result) {
    if (cancelled != nullptr && *cancelled) break;
    if (slot->cv.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                         std::chrono::milliseconds(20))) ==
            std::cv_status::timeout &&
        std::chrono::steady_clock::now() >= deadline) {
      break;
    }
  }
  if (slot->result) return std::move(*slot->result);
  lock.unlock();
  if (!device_.unlink(urb.seqnum)) {  // completed meanwhile
    lock.lock();
    slot->cv.wait(lock, [&] { return slot->result.has_value(); });
    return std::move(*slot->result);
  }
  return (cancelled != nullptr && *cancelled) ? Status::CANCELLED : Status::IO_TIMEOUT;
}

Status UrbTransport::bulk_out(std::span<const std::byte> data, ccid::Millis timeout) {
  usbip::Urb urb;
  urb.endpoint = kBulkOut;
  urb.direction = usbip::Direction::out;
  urb.length = static_cast<std::uint32_t>(data.size());
  urb.data.assign(data.begin(), data.end());
  auto r = transfer(std::move(urb), timeout);
  if (!r) return r.status();
  return r->status == 0 ? Status::SUCCESS : Status::DEVICE_PROTOCOL_ERROR;
}

Result<std::size_t> UrbTransport::bulk_in(std::span<std::byte> buffer, ccid::Millis timeout) {
  usbip::Urb urb;
  urb.endpoint = kBulkIn;
  urb.direction = usbip::Direction::in;
  urb.length = static_cast<std::uint32_t>(buffer.size());
  auto r = transfer(std::move(urb), timeout);
  if (!r) return r.status();
  if (r->status != 0) return Status::DEVICE_PROTOCOL_ERROR;
  std::copy(r->data.begin(), r->data.end(), buffer.begin());
  return r->data.size();
}

Result<std::size_t> UrbTransport::interrupt_in(std::span<std::byte> buffer, ccid::Millis timeout) {
  if (cancel_interrupt_) return Status::CANCELLED;
  usbip::Urb urb;
  urb.endpoint = kInterruptIn;
  urb.direction = usbip::Direction::in;
  urb.length = static_cast<std::uint32_t>(buffer.size());
  auto r = transfer(std::move(urb), timeout, &cancel_interrupt_);
  if (!r) return r.status();
  if (r->status != 0) return Status::DEVICE_PROTOCOL_ERROR;
  std::copy(r->data.begin(), r->data.end(), buffer.begin());
  return r->data.size();
}

void UrbTransport::cancel_interrupt() {
  cancel_interrupt_ = true;
}

usbip::UrbResult UrbTransport::control(const std::array<std::byte, 8>& setup,
                                       ccid::Millis timeout) {
  usbip::Urb urb;
  urb.endpoint = 0;
  const bool in = (std::to_integer<std::uint8_t>(setup[0]) & 0x80) != 0;
  urb.direction = in ? usbip::Direction::in : usbip::Direction::out;
  urb.setup = setup;
  urb.length = std::to_integer<std::uint32_t>(setup[6]) | std::to_integer<std::uint32_t>(setup[7])
                                                              << 8;
  auto r = transfer(std::move(urb), timeout);
  return r ? std::move(*r) : usbip::UrbResult{-110, {}, 0};
}

Status UrbTransport::control_abort(std::uint8_t slot, std::uint8_t seq) {
  const std::array<std::byte, 8> setup{std::byte{0x21}, std::byte{0x01}, std::byte{slot},
                                       std::byte{seq},  std::byte{0},    std::byte{0},
                                       std::byte{0},    std::byte{0}};
  return control(setup, ccid::Millis(1000)).status == 0 ? Status::SUCCESS
                                                        : Status::DEVICE_PROTOCOL_ERROR;
}

}  // namespace readerkit::ccid_device::testing
