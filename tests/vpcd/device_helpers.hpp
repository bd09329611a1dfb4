// SPDX-License-Identifier: MIT
// Small helpers for driving a vpcd slot's Device in tests: IOCTLs with ULONG inputs, the
// pending tracking request as a future, and bounded waits.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "readerkit/bytes.hpp"
#include "readerkit/card.hpp"
#include "readerkit/device.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::vpcd::test {

struct Reply {
  Status status;
  Bytes output;
};

inline Reply ioctl(Device& device, std::uint32_t code, const Bytes& input,
                   std::size_t out_size = 65550) {
  Bytes output(out_size);
  IoResult r = device.control(code, input, output);
  output.resize(r.information);
  return {r.status, output};
}

inline Reply power(Device& device, PowerAction action) {
  return ioctl(device, IOCTL_SMARTCARD_POWER, le32_bytes(static_cast<std::uint32_t>(action)));
}

inline Reply set_protocol(Device& device, std::uint32_t mask) {
  return ioctl(device, IOCTL_SMARTCARD_SET_PROTOCOL, le32_bytes(mask));
}

/// TRANSMIT with the SCARD_IO_REQUEST header; the reply's output is the response APDU only.
inline Reply transmit(Device& device, std::uint32_t protocol, const Bytes& apdu) {
  Reply r = ioctl(device, IOCTL_SMARTCARD_TRANSMIT, transmit_request(protocol, apdu));
  if (r.output.size() >= 8) r.output.erase(r.output.begin(), r.output.begin() + 8);
  return r;
}

/// Starts IS_PRESENT / IS_ABSENT; the future yields its final status (at once or on the event).
inline std::future<Status> track(Device& device, std::uint32_t code) {
  auto promise = std::make_shared<std::promise<Status>>();
  auto future = promise->get_future();
  IoResult r = device.control(code, {}, {}, [promise](IoResult done) {
    promise->set_value(done.status);
  });
  if (r.status != Status::PENDING) promise->set_value(r.status);
  return future;
}

/// Waits for a tracking future with a generous bound; CANCELLED-like sentinel on timeout.
inline Status await(std::future<Status>& f, std::chrono::seconds bound = std::chrono::seconds(20)) {
  if (f.wait_for(bound) != std::future_status::ready) return Status::PENDING;
  return f.get();
}

/// Polls `condition` every 10 ms for up to `bound`.
template <class F>
bool eventually(F&& condition, std::chrono::seconds bound = std::chrono::seconds(20)) {
  const auto end = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace readerkit::vpcd::test
