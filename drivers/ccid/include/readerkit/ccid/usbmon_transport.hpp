// SPDX-License-Identifier: MIT
// A UsbTransport decorator that writes what went over USB as usbmon records to a pcap file
// (docs/ccid.md "usbmon capture"): every transfer is a submission and a completion record,
// and each file opens with the enumeration's GET_DESCRIPTOR transfers, from which Wireshark
// learns that the bulk endpoints belong to a CCID interface (its usbccid dissector then
// decodes them without any "Decode As" setup).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "readerkit/bytes.hpp"
#include "readerkit/ccid/transport.hpp"
#include "readerkit/ccid/usbmon.hpp"
#include "readerkit/pcap_writer.hpp"

namespace readerkit::ccid {

/// The device the records describe: where it sits and what it said at enumeration.
struct UsbmonDevice {
  std::uint16_t bus = 0;
  std::uint8_t address = 0;
  std::uint8_t interface_number = 0;
  Bytes device_descriptor;         // the 18 bytes GET_DESCRIPTOR(DEVICE) returns
  Bytes configuration_descriptor;  // all wTotalLength bytes: interfaces, class descriptors,
                                   // endpoints
};

class UsbmonTransport : public UsbTransport {
 public:
  /// Creates the file (options.path) and queues the enumeration preamble. The endpoints the
  /// records name are those of the interface's alternate setting 0 in the configuration
  /// descriptor. nullptr with a one-line `error` when the file cannot be created or the
  /// descriptor has no bulk endpoints for the interface.
  static std::unique_ptr<UsbmonTransport> open(std::unique_ptr<UsbTransport> inner,
                                               const UsbmonDevice& device,
                                               PcapWriterOptions options, std::string& error);
  /// Records the cancellation of a still submitted interrupt transfer (the inner transport
  /// cancels it when it closes), writes every record queued, then closes the file.
  ~UsbmonTransport() override;

  Status bulk_out(std::span<const std::byte> data, Millis timeout) override;
  Result<std::size_t> bulk_in(std::span<std::byte> buffer, Millis timeout) override;
  /// Called from one thread at a time (the reader's event thread), as the seam allows.
  Result<std::size_t> interrupt_in(std::span<std::byte> buffer, Millis timeout) override;
  void cancel_interrupt() override { inner_->cancel_interrupt(); }
  Status control_abort(std::uint8_t slot, std::uint8_t seq) override;
  bool has_interrupt() const override { return inner_->has_interrupt(); }

  /// Returns once every record so far is in the file.
  void flush() { writer_->flush(); }

  /// An endpoint as the records name it.
  struct Endpoint {
    std::uint8_t address = 0;  // number | USB_DIR_IN
    UsbXfer xfer = UsbXfer::bulk;
    std::int32_t interval = 0;
  };

 private:
  /// A transfer between its submission and its completion.
  struct Urb {
    std::uint64_t id = 0;
    Endpoint endpoint;
  };

  UsbmonTransport(std::unique_ptr<UsbTransport> inner, const UsbmonDevice& device,
                  std::unique_ptr<PcapWriter> writer);
  void write_enumeration(const UsbmonDevice& device);
  void get_descriptor(std::uint8_t type, const Bytes& descriptor);
  Urb submit(const Endpoint& endpoint, std::uint32_t length, std::span<const std::byte> data,
             const std::optional<UsbSetup>& setup = std::nullopt);
  void complete(const Urb& urb, Status status, std::uint32_t length,
                std::span<const std::byte> data = {});
  void emit(UsbmonRecord record, bool preamble = false);

  std::unique_ptr<UsbTransport> inner_;
  std::unique_ptr<PcapWriter> writer_;
  std::uint16_t bus_;
  std::uint8_t address_;
  std::uint8_t interface_;
  Endpoint bulk_out_, bulk_in_, interrupt_in_;
  std::atomic<std::uint64_t> next_id_{1};
  std::mutex emit_mutex_;  // records reach the file in time order
  // The interrupt transfer stays submitted across interrupt_in() calls that time out, as
  // LibusbTransport keeps it: the event thread only.
  std::optional<Urb> interrupt_urb_;
};

}  // namespace readerkit::ccid
