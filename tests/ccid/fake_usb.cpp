// SPDX-License-Identifier: MIT
// The scripted UsbTransport of the CCID unit tests.
#include "fake_usb.hpp"

#include <algorithm>

namespace readerkit::ccid::testing {

Bytes hex(std::string_view text) {
  auto bytes = from_hex(text);
  return bytes ? *bytes : Bytes{};
}

Bytes frame(std::uint8_t type, std::uint8_t slot, std::uint8_t seq, std::uint8_t status,
            std::uint8_t error, std::uint8_t specific, const Bytes& data) {
  Bytes out(10 + data.size());
  out[0] = std::byte{type};
  store_le32(std::span(out).subspan(1, 4), static_cast<std::uint32_t>(data.size()));
  out[5] = std::byte{slot};
  out[6] = std::byte{seq};
  out[7] = std::byte{status};
  out[8] = std::byte{error};
  out[9] = std::byte{specific};
  std::copy(data.begin(), data.end(), out.begin() + 10);
  return out;
}

Bytes fake_device_descriptor() {
  return hex(
      "12 01 1001 00 00 00 40"  // bLength, DEVICE, USB 1.10, class at interface level, EP0 64
      "3412 7856 0001"          // idVendor, idProduct, bcdDevice 1.00
      "01 02 03 01");           // string indexes, one configuration
}

Bytes fake_configuration_descriptor() {
  return hex(
      "09 02 5D00 01 01 00 80 32"    // CONFIGURATION: wTotalLength 93, 1 interface, 100 mA
      "09 04 00 00 03 0B 00 00 00"   // INTERFACE 0: 3 endpoints, class 0x0B (smart card)
      "36 21 1001 00 07"             // CCID class descriptor: bcdCCID 1.10, 1 slot, 5/3/1.8 V
      "03000000 A00F0000 A00F0000"   // T=0 and T=1, 4000 kHz, 4000 kHz
      "00 002A0000 002A0000 00"      // 10752 bit/s, 10752 bit/s
      "FE000000 00000000 00000000"   // dwMaxIFSD 254, no synch protocols, no mechanics
      "BA040100 0F010000"            // TPDU level + automatic features, 271-byte messages
      "00 00 0000 00 01"             // class bytes, no LCD, no PIN pad, one busy slot
      "07 05 01 02 4000 00"          // ENDPOINT 0x01 bulk OUT, 64 bytes
      "07 05 82 02 4000 00"          // ENDPOINT 0x82 bulk IN, 64 bytes
      "07 05 83 03 0800 10");        // ENDPOINT 0x83 interrupt IN, 8 bytes, bInterval 16
}

void FakeUsb::queue_in(Bytes transfer) {
  std::lock_guard lock(mutex_);
  in_.push_back(std::move(transfer));
}

void FakeUsb::set_responder(Responder r) {
  std::lock_guard lock(mutex_);
  responder_ = std::move(r);
}

void FakeUsb::push_interrupt(Bytes message) {
  {
    std::lock_guard lock(mutex_);
    interrupts_.push_back(std::move(message));
  }
  cv_.notify_all();
}

Status FakeUsb::bulk_out(std::span<const std::byte> data, Millis) {
  std::lock_guard lock(mutex_);
  if (unplugged) return Status::DELETE_PENDING;
  sent.emplace_back(data.begin(), data.end());
  if (responder_) {
    for (auto& t : responder_(sent.back())) in_.push_back(std::move(t));
  }
  return Status::SUCCESS;
}

Result<std::size_t> FakeUsb::bulk_in(std::span<std::byte> buffer, Millis) {
  std::lock_guard lock(mutex_);
  if (unplugged) return Status::DELETE_PENDING;
  if (in_.empty()) return Status::IO_TIMEOUT;
  Bytes t = std::move(in_.front());
  in_.pop_front();
  if (t.size() > buffer.size()) return Status::BUFFER_OVERFLOW;
  std::copy(t.begin(), t.end(), buffer.begin());
  return t.size();
}

Result<std::size_t> FakeUsb::interrupt_in(std::span<std::byte> buffer, Millis timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return cancelled_ || !interrupts_.empty(); });
  if (cancelled_) return Status::CANCELLED;
  if (interrupts_.empty()) return Status::IO_TIMEOUT;
  Bytes m = std::move(interrupts_.front());
  interrupts_.pop_front();
  const auto n = std::min(m.size(), buffer.size());
  std::copy_n(m.begin(), n, buffer.begin());
  return n;
}

void FakeUsb::cancel_interrupt() {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  cv_.notify_all();
}

Status FakeUsb::control_abort(std::uint8_t slot, std::uint8_t seq) {
  std::lock_guard lock(mutex_);
  aborts.emplace_back(slot, seq);
  return Status::SUCCESS;
}

}  // namespace readerkit::ccid::testing
