// SPDX-License-Identifier: MIT
// libusb-1.0 synchronous transfers for one CCID interface.
#include "libusb_transport.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <mutex>

namespace readerkit::ccid::detail {
namespace {

unsigned int ms(Millis t) { return static_cast<unsigned int>(std::max<Millis::rep>(t.count(), 1)); }

struct ErrorRow {
  int error;
  Status status;
};
constexpr std::array kLibusbErrors{
    ErrorRow{LIBUSB_ERROR_TIMEOUT, Status::IO_TIMEOUT},
    ErrorRow{LIBUSB_ERROR_NO_DEVICE, Status::DELETE_PENDING},
    ErrorRow{LIBUSB_ERROR_NO_MEM, Status::INSUFFICIENT_RESOURCES},
    ErrorRow{LIBUSB_ERROR_BUSY, Status::DEVICE_BUSY},
    ErrorRow{LIBUSB_ERROR_OVERFLOW, Status::BUFFER_OVERFLOW},
    ErrorRow{LIBUSB_ERROR_INTERRUPTED, Status::CANCELLED},
};

}  // namespace

Status status_of_libusb(int error) {
  for (const auto& row : kLibusbErrors) {
    if (row.error == error) return row.status;
  }
  return Status::DEVICE_PROTOCOL_ERROR;  // pipe, I/O, access and the rest
}

std::shared_ptr<libusb_context> usb_context(std::string& error) {
  static std::weak_ptr<libusb_context> shared;
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  if (auto existing = shared.lock()) return existing;
  libusb_context* raw = nullptr;
  if (int rc = libusb_init(&raw); rc != 0) {
    error = std::string("libusb_init: ") + libusb_error_name(rc);
    return nullptr;
  }
  std::shared_ptr<libusb_context> context(raw, libusb_exit);
  shared = context;
  return context;
}

std::unique_ptr<LibusbTransport> LibusbTransport::open(std::shared_ptr<libusb_context> context,
                                                       libusb_device* device,
                                                       std::uint8_t interface_number,
                                                       std::string& error) {
  std::unique_ptr<LibusbTransport> t(new LibusbTransport());
  t->context_ = std::move(context);
  t->interface_ = interface_number;
  if (int rc = libusb_open(device, &t->handle_); rc != 0) {
    error = std::string("libusb_open: ") + libusb_error_name(rc);
    return nullptr;
  }
  libusb_set_auto_detach_kernel_driver(t->handle_, 1);
  if (int rc = libusb_claim_interface(t->handle_, interface_number); rc != 0) {
    error = std::string("cannot claim the CCID interface (is pcscd using it?): ") +
            libusb_error_name(rc);
    return nullptr;
  }
  libusb_config_descriptor* config = nullptr;
  if (libusb_get_active_config_descriptor(device, &config) != 0) {
    error = "cannot read the configuration descriptor";
    return nullptr;
  }
  const libusb_interface_descriptor& alt = config->interface[interface_number].altsetting[0];
  for (int i = 0; i < alt.bNumEndpoints; ++i) {
    const auto& ep = alt.endpoint[i];
    const auto type = ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK;
    const bool in = (ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) != 0;
    if (type == LIBUSB_TRANSFER_TYPE_BULK) (in ? t->bulk_in_ : t->bulk_out_) = ep.bEndpointAddress;
    if (type == LIBUSB_TRANSFER_TYPE_INTERRUPT && in) t->interrupt_in_ = ep.bEndpointAddress;
  }
  libusb_free_config_descriptor(config);
  if (t->bulk_in_ == 0 || t->bulk_out_ == 0) {
    error = "the CCID interface has no bulk endpoints";
    return nullptr;
  }
  return t;
}

LibusbTransport::~LibusbTransport() {
  if (interrupt_ != nullptr) {
    if (interrupt_pending_ && libusb_cancel_transfer(interrupt_) == 0) {
      // The callback must run before the transfer is freed; bounded to 2 s.
      for (int i = 0; i < 20 && !interrupt_done_; ++i) {
        timeval slice{0, 100'000};
        libusb_handle_events_timeout(context_.get(), &slice);
      }
    }
    if (interrupt_done_ || !interrupt_pending_) libusb_free_transfer(interrupt_);
  }
  if (handle_ == nullptr) return;
  libusb_release_interface(handle_, interface_);
  libusb_close(handle_);
}

Status LibusbTransport::bulk_out(std::span<const std::byte> data, Millis timeout) {
  int done = 0;
  // libusb takes a non-const pointer for both directions; it does not write an OUT buffer.
  auto* bytes = reinterpret_cast<unsigned char*>(const_cast<std::byte*>(data.data()));
  int rc = libusb_bulk_transfer(handle_, bulk_out_, bytes, static_cast<int>(data.size()), &done,
                                ms(timeout));
  if (rc != 0) return status_of_libusb(rc);
  return static_cast<std::size_t>(done) == data.size() ? Status::SUCCESS
                                                       : Status::DEVICE_PROTOCOL_ERROR;
}

Result<std::size_t> LibusbTransport::bulk_in(std::span<std::byte> buffer, Millis timeout) {
  int done = 0;
  int rc = libusb_bulk_transfer(handle_, bulk_in_, reinterpret_cast<unsigned char*>(buffer.data()),
                                static_cast<int>(buffer.size()), &done, ms(timeout));
  if (rc != 0) return status_of_libusb(rc);
  return static_cast<std::size_t>(done);
}

void LibusbTransport::on_interrupt(libusb_transfer* transfer) {
  static_cast<LibusbTransport*>(transfer->user_data)->interrupt_done_ = true;
}

bool LibusbTransport::submit_interrupt() {
  if (interrupt_ == nullptr) interrupt_ = libusb_alloc_transfer(0);
  if (interrupt_ == nullptr) return false;
  interrupt_done_ = false;
  libusb_fill_interrupt_transfer(interrupt_, handle_, interrupt_in_, interrupt_buffer_.data(),
                                 static_cast<int>(interrupt_buffer_.size()), on_interrupt, this,
                                 0);
  interrupt_pending_ = libusb_submit_transfer(interrupt_) == 0;
  return interrupt_pending_;
}

Result<std::size_t> LibusbTransport::interrupt_in(std::span<std::byte> buffer, Millis timeout) {
  if (!interrupt_pending_ && !submit_interrupt()) return Status::DEVICE_PROTOCOL_ERROR;
  // Runs libusb's event loop in 100 ms slices so cancel_interrupt() is honoured promptly.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!interrupt_done_) {
    if (cancelled_) return Status::CANCELLED;
    if (std::chrono::steady_clock::now() >= deadline) return Status::IO_TIMEOUT;
    timeval slice{0, 100'000};
    int completed = 0;
    libusb_handle_events_timeout_completed(context_.get(), &slice, &completed);
  }
  interrupt_pending_ = false;
  const auto status = interrupt_->status;
  const auto n = std::min(static_cast<std::size_t>(interrupt_->actual_length), buffer.size());
  std::copy_n(reinterpret_cast<const std::byte*>(interrupt_buffer_.data()), n, buffer.begin());
  if (status == LIBUSB_TRANSFER_NO_DEVICE) return Status::DELETE_PENDING;
  if (status != LIBUSB_TRANSFER_COMPLETED) return Status::DEVICE_PROTOCOL_ERROR;
  submit_interrupt();  // queued again before the caller looks at this message
  return n;
}

Status LibusbTransport::control_abort(std::uint8_t slot, std::uint8_t seq) {
  // Host to device, class request, recipient interface (CCID §5.3).
  const auto request_type = static_cast<std::uint8_t>(
      int{LIBUSB_ENDPOINT_OUT} | int{LIBUSB_REQUEST_TYPE_CLASS} | int{LIBUSB_RECIPIENT_INTERFACE});
  int rc = libusb_control_transfer(handle_, request_type, kRequestAbort,
                                   static_cast<std::uint16_t>(seq << 8 | slot), interface_,
                                   nullptr, 0, 1000);
  return rc < 0 ? status_of_libusb(rc) : Status::SUCCESS;
}

}  // namespace readerkit::ccid::detail
