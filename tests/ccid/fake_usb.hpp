// SPDX-License-Identifier: MIT
// A scripted UsbTransport: the test lists the frames the reader answers (bulk-in) and the
// interrupt messages it sends; every bulk-out frame is recorded for the test to check.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string_view>
#include <vector>

#include "readerkit/ccid/transport.hpp"
#include "readerkit/bytes.hpp"

namespace readerkit::ccid::testing {

/// Hex to bytes for test data ("80 02000000 00 05 00 00 00 9000").
Bytes hex(std::string_view text);

/// A reply frame (RDR_to_PC_*) built from fields; `seq` is the bSeq it echoes.
/// Byte i of a message as a number.
inline std::uint8_t at(const Bytes& b, std::size_t i) { return std::to_integer<std::uint8_t>(b[i]); }
/// The abData of a CCID message: everything after its 10-byte header.
inline Bytes data_of(const Bytes& message) { return Bytes(message.begin() + 10, message.end()); }

Bytes frame(std::uint8_t type, std::uint8_t slot, std::uint8_t seq, std::uint8_t status,
            std::uint8_t error, std::uint8_t specific, const Bytes& data = {});

/// The descriptors of a plausible one-slot TPDU reader (VID:PID 1234:5678, bus 1, address 5):
/// the 18-byte device descriptor and the 93-byte configuration descriptor with one class
/// 0x0B interface, its 54-byte CCID class descriptor, bulk OUT 0x01, bulk IN 0x82 and
/// interrupt IN 0x83 (bInterval 16), as GET_DESCRIPTOR returns them.
Bytes fake_device_descriptor();
Bytes fake_configuration_descriptor();

class FakeUsb : public UsbTransport {
 public:
  /// A bulk-in transfer to return in order; an empty one is a zero-length packet.
  void queue_in(Bytes transfer);
  /// Answers the next bulk-out with a reply produced from the command sent (bSeq echo etc.).
  using Responder = std::function<std::vector<Bytes>(const Bytes& command)>;
  void set_responder(Responder r);
  void push_interrupt(Bytes message);

  Status bulk_out(std::span<const std::byte> data, Millis timeout) override;
  Result<std::size_t> bulk_in(std::span<std::byte> buffer, Millis timeout) override;
  Result<std::size_t> interrupt_in(std::span<std::byte> buffer, Millis timeout) override;
  void cancel_interrupt() override;
  Status control_abort(std::uint8_t slot, std::uint8_t seq) override;
  bool has_interrupt() const override { return true; }

  std::vector<Bytes> sent;  // every bulk-out frame
  std::vector<std::pair<std::uint8_t, std::uint8_t>> aborts;
  bool unplugged = false;   // every call answers DELETE_PENDING

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Bytes> in_;
  std::deque<Bytes> interrupts_;
  Responder responder_;
  bool cancelled_ = false;
};

}  // namespace readerkit::ccid::testing
