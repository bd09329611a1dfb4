// SPDX-License-Identifier: MIT
// UsbmonTransport: each call is forwarded, and recorded as the usbmon records a capture of
// the same transfer on Linux would show.
#include "readerkit/ccid/usbmon_transport.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include "readerkit/ccid/usb_standard.hpp"
#include "readerkit/ccid/wire.hpp"
#include "readerkit/pcap.hpp"

namespace readerkit::ccid {
namespace {

using Endpoint = UsbmonTransport::Endpoint;

struct Endpoints {
  std::optional<Endpoint> bulk_out, bulk_in, interrupt_in;
};

// Which of the three CCID endpoints a descriptor's type and direction make it.
struct EndpointRole {
  std::uint8_t bm_attributes;  // transfer type bits
  bool in;
  std::optional<Endpoint> Endpoints::*slot;
  UsbXfer xfer;
};
constexpr std::array kRoles{
    EndpointRole{usb::kTransferBulk, false, &Endpoints::bulk_out, UsbXfer::bulk},
    EndpointRole{usb::kTransferBulk, true, &Endpoints::bulk_in, UsbXfer::bulk},
    EndpointRole{usb::kTransferInterrupt, true, &Endpoints::interrupt_in, UsbXfer::interrupt},
};

void add_endpoint(std::span<const std::byte> d, Endpoints& out) {
  if (d.size() < 7) return;
  const auto address = std::to_integer<std::uint8_t>(d[2]);
  const auto type = std::to_integer<std::uint8_t>(d[3]) & 0x03;
  const bool in = (address & USB_DIR_IN) != 0;
  for (const auto& role : kRoles) {
    if (role.bm_attributes != type || role.in != in || out.*role.slot) continue;
    // bInterval as the kernel's interval for a full-speed device (frames); Wireshark only
    // shows it.
    out.*role.slot = Endpoint{address, role.xfer, std::to_integer<std::uint8_t>(d[6])};
  }
}

// The endpoints of alternate setting 0 of `interface_number`: the endpoint descriptors that
// follow its interface descriptor, up to the next interface descriptor.
Endpoints find_endpoints(std::span<const std::byte> config, std::uint8_t interface_number) {
  Endpoints out;
  bool ours = false;
  while (config.size() >= 2) {
    const auto length = std::to_integer<std::size_t>(config[0]);
    if (length < 2 || length > config.size()) break;
    const auto d = config.first(length);
    const auto type = std::to_integer<std::uint8_t>(d[1]);
    if (type == usb::INTERFACE && length >= 4) {
      ours = std::to_integer<std::uint8_t>(d[2]) == interface_number &&
             std::to_integer<std::uint8_t>(d[3]) == 0;
    } else if (type == usb::ENDPOINT && ours) {
      add_endpoint(d, out);
    }
    config = config.subspan(length);
  }
  return out;
}

}  // namespace

std::unique_ptr<UsbmonTransport> UsbmonTransport::open(std::unique_ptr<UsbTransport> inner,
                                                       const UsbmonDevice& device,
                                                       PcapWriterOptions options,
                                                       std::string& error) {
  const Endpoints endpoints =
      find_endpoints(device.configuration_descriptor, device.interface_number);
  if (!endpoints.bulk_out || !endpoints.bulk_in) {
    error = "usbmon: the configuration descriptor has no bulk endpoints for interface " +
            std::to_string(device.interface_number);
    return nullptr;
  }
  const std::string path = options.path;
  errno = 0;
  auto writer = PcapWriter::open(std::move(options), LINKTYPE_USB_LINUX_MMAPPED);
  if (!writer) {
    error = "usbmon: cannot create " + path + ": " +
            (errno != 0 ? std::strerror(errno) : "cannot write the pcap header");
    return nullptr;
  }
  std::unique_ptr<UsbmonTransport> t(
      new UsbmonTransport(std::move(inner), device, std::move(*writer)));
  t->bulk_out_ = *endpoints.bulk_out;
  t->bulk_in_ = *endpoints.bulk_in;
  // Without an interrupt endpoint in the descriptor the inner transport has none either;
  // the address is then never used.
  t->interrupt_in_ = endpoints.interrupt_in.value_or(Endpoint{});
  t->write_enumeration(device);
  return t;
}

UsbmonTransport::UsbmonTransport(std::unique_ptr<UsbTransport> inner, const UsbmonDevice& device,
                                 std::unique_ptr<PcapWriter> writer)
    : inner_(std::move(inner)),
      writer_(std::move(writer)),
      bus_(device.bus),
      address_(device.address),
      interface_(device.interface_number) {}

UsbmonTransport::~UsbmonTransport() {
  if (interrupt_urb_) complete(*interrupt_urb_, Status::CANCELLED, 0);
}

// The two GET_DESCRIPTOR transfers a capture shows at enumeration, written at the start of
// every file (rotated ones too): Wireshark's USB dissector learns the interface class of each
// endpoint from the configuration descriptor, and needs the request to know what the
// response is.
void UsbmonTransport::write_enumeration(const UsbmonDevice& device) {
  get_descriptor(usb::DEVICE, device.device_descriptor);
  get_descriptor(usb::CONFIGURATION, device.configuration_descriptor);
}

void UsbmonTransport::get_descriptor(std::uint8_t type, const Bytes& descriptor) {
  const UsbSetup setup{usb::kFromDevice, usb::GET_DESCRIPTOR, static_cast<std::uint16_t>(type << 8),
                       0, static_cast<std::uint16_t>(descriptor.size())};
  UsbmonRecord record;
  record.id = next_id_++;
  record.xfer = UsbXfer::control;
  record.endpoint = USB_DIR_IN;  // the data stage's direction
  record.time_us = pcap_now_us();
  record.status = -linux_errno::einprogress;
  record.length = setup.wLength;
  record.setup = setup;
  emit(record, true);
  record.event = UsbmonEvent::complete;
  record.status = 0;
  record.setup.reset();
  record.data = descriptor;
  emit(record, true);
}

UsbmonTransport::Urb UsbmonTransport::submit(const Endpoint& endpoint, std::uint32_t length,
                                             std::span<const std::byte> data,
                                             const std::optional<UsbSetup>& setup) {
  const Urb urb{next_id_++, endpoint};
  UsbmonRecord record;
  record.id = urb.id;
  record.event = UsbmonEvent::submit;
  record.xfer = endpoint.xfer;
  record.endpoint = endpoint.address;
  record.status = -linux_errno::einprogress;
  record.length = length;
  record.setup = setup;
  record.interval = endpoint.interval;
  record.data = data;
  emit(record);
  return urb;
}

void UsbmonTransport::complete(const Urb& urb, Status status, std::uint32_t length,
                               std::span<const std::byte> data) {
  UsbmonRecord record;
  record.id = urb.id;
  record.event = UsbmonEvent::complete;
  record.xfer = urb.endpoint.xfer;
  record.endpoint = urb.endpoint.address;
  record.status = usbmon_status(status);
  record.length = length;
  record.interval = urb.endpoint.interval;
  record.data = data;
  emit(record);
}

void UsbmonTransport::emit(UsbmonRecord record, bool preamble) {
  record.device = address_;
  record.bus = bus_;
  // The time is taken under the lock so the file's records are in time order even when
  // the event thread and a request record at the same moment.
  std::lock_guard lock(emit_mutex_);
  if (!preamble) record.time_us = pcap_now_us();
  Bytes packet = usbmon_packet(record);
  if (preamble) {
    writer_->add_preamble(record.time_us, std::move(packet));
  } else {
    writer_->write(record.time_us, std::move(packet));
  }
}

Status UsbmonTransport::bulk_out(std::span<const std::byte> data, Millis timeout) {
  const Urb urb = submit(bulk_out_, static_cast<std::uint32_t>(data.size()), data);
  const Status status = inner_->bulk_out(data, timeout);
  // The seam reports no partial write: a failed transfer counts as nothing sent.
  complete(urb, status, status == Status::SUCCESS ? static_cast<std::uint32_t>(data.size()) : 0);
  return status;
}

Result<std::size_t> UsbmonTransport::bulk_in(std::span<std::byte> buffer, Millis timeout) {
  const Urb urb = submit(bulk_in_, static_cast<std::uint32_t>(buffer.size()), {});
  auto got = inner_->bulk_in(buffer, timeout);
  const std::size_t n = got ? *got : 0;
  complete(urb, got.status(), static_cast<std::uint32_t>(n), buffer.first(n));
  return got;
}

Result<std::size_t> UsbmonTransport::interrupt_in(std::span<std::byte> buffer, Millis timeout) {
  if (!interrupt_urb_) {
    interrupt_urb_ = submit(interrupt_in_, static_cast<std::uint32_t>(buffer.size()), {});
  }
  auto got = inner_->interrupt_in(buffer, timeout);
  // Nothing came within `timeout`: the transfer is still submitted, nothing to record.
  if (got.status() == Status::IO_TIMEOUT) return got;
  const std::size_t n = got ? *got : 0;
  complete(*interrupt_urb_, got.status(), static_cast<std::uint32_t>(n), buffer.first(n));
  interrupt_urb_.reset();
  return got;
}

Status UsbmonTransport::control_abort(std::uint8_t slot, std::uint8_t seq) {
  const UsbSetup setup{usb::kClassToInterface, kRequestAbort,
                       static_cast<std::uint16_t>(seq << 8 | slot), interface_, 0};
  const Urb urb = submit(Endpoint{0x00, UsbXfer::control, 0}, 0, {}, setup);
  const Status status = inner_->control_abort(slot, seq);
  complete(urb, status, 0);
  return status;
}

}  // namespace readerkit::ccid
