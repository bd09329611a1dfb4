// SPDX-License-Identifier: MIT
// A CCID reader: one Device per slot on one interface; the interrupt endpoint's
// NotifySlotChange drives card_inserted()/card_removed(). A reader without an interrupt
// endpoint is polled with GetSlotStatus instead (kPollInterval).
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "callbacks.hpp"
#include "readerkit/card.hpp"
#include "readerkit/ccid/ccid_reader.hpp"
#include "readerkit/ccid/channel.hpp"
#include "readerkit/device.hpp"
#include "readerkit/pinpad.hpp"

namespace readerkit::ccid {
namespace {

/// How often the slots of a reader without an interrupt endpoint are polled: a card event is
/// seen within this time (a removal and reinsertion within it is not seen at all).
constexpr Millis kPollInterval{100};

// dwMechanical (CCID §5.1) → SCARD_ATTR_CHARACTERISTICS bits.
std::uint32_t mechanics(std::uint32_t dw_mechanical) {
  std::uint32_t m = 0;
  if (dw_mechanical & 0x02) m |= SCARD_READER_EJECTS;
  if (dw_mechanical & 0x04) m |= SCARD_READER_CONFISCATES;
  return m;
}

ReaderCapabilities capabilities(const ClassDescriptor& d, const UsbIdentity& id, const Quirks& q,
                                std::size_t slot) {
  ReaderCapabilities r;
  r.vendor_name = id.manufacturer.empty() ? "USB CCID" : id.manufacturer;
  r.ifd_type = !q.name.empty() ? std::string(q.name) : id.product;
  r.ifd_version = std::uint32_t{id.bcd_device} << 16;
  r.serial_number = id.serial;
  r.reader_type = ReaderType::SCARD_READER_TYPE_USB;
  r.channel = static_cast<std::uint32_t>(id.bus) << 8 | id.address;
  r.protocol_types = d.dwProtocols & (SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  r.default_clk_khz = d.dwDefaultClock;
  r.max_clk_khz = d.dwMaximumClock;
  r.current_clk_khz = d.dwDefaultClock;
  r.default_data_rate = d.dwDataRate;
  r.max_data_rate = d.dwMaxDataRate;
  r.max_ifsd = d.dwMaxIFSD;
  r.mechanics = mechanics(d.dwMechanical);
  if (d.bPINSupport & (kPinVerification | kPinModification)) {
    // The class descriptor says which operations and the display; it has no PIN sizes, so
    // none are announced (docs/pinpad.md "CCID").
    PinPadProperties pin_pad;
    pin_pad.lcd_layout = d.wLcdLayout;
    pin_pad.min_digits = 0;
    pin_pad.max_digits = 0;
    pin_pad.verify = (d.bPINSupport & kPinVerification) != 0;
    pin_pad.modify = (d.bPINSupport & kPinModification) != 0;
    r.pin_pad = pin_pad;
  }
  (void)slot;
  return r;
}

class CcidReader : public Reader {
 public:
  CcidReader(std::unique_ptr<UsbTransport> transport, const ClassDescriptor& descriptor,
             const UsbIdentity& identity, const CcidOptions& options)
      : transport_(std::move(transport)),
        descriptor_(descriptor),
        identity_(identity),
        quirks_(find_quirks(identity.vendor_id, identity.product_id)),
        channel_(*transport_, limits(), options.log),
        log_(options.log) {
    for (std::size_t i = 0; i < descriptor_.slot_count(); ++i) {
      io_.push_back(
          std::make_unique<SlotIo>(channel_, static_cast<std::uint8_t>(i), descriptor_, quirks_));
      contexts_.push_back(std::make_unique<detail::SlotContext>(detail::SlotContext{
          *io_.back(), descriptor_, quirks_, options.allow_escape, options.log}));
      DeviceConfig config;
      config.unit = static_cast<std::uint32_t>(i);
      config.lenient_atr = options.lenient_atr;
      config.log = options.log;
      if (options.trace) config.trace = options.trace(i);
      // Extended APDUs need the 65548-byte buffers (pcsc-lite's MAX_BUFFER_SIZE_EXTENDED).
      config.io_buffer_size = 65'548 + 16;
      devices_.push_back(std::make_unique<Device>(detail::make_callbacks(*contexts_.back()),
                                                  capabilities(descriptor_, identity_, quirks_, i),
                                                  config));
    }
  }

  ~CcidReader() override {
    {
      std::lock_guard lock(stop_mutex_);
      stopping_ = true;
    }
    stop_wake_.notify_all();
    transport_->cancel_interrupt();
    if (events_.joinable()) events_.join();
    for (auto& d : devices_) d->shutdown();
  }

  /// Reads each slot's presence once, then lets the interrupt endpoint report changes.
  bool start(std::string& error) {
    for (std::size_t i = 0; i < io_.size(); ++i) {
      auto status = io_[i]->slot_status();
      if (!status) {
        error = "ccid: GetSlotStatus failed: " + std::string(status_name(status.status()));
        return false;
      }
      present_.push_back(status->icc_status() != IccStatus::absent);
      if (present_.back()) devices_[i]->card_inserted();
    }
    if (transport_->has_interrupt()) {
      events_ = std::thread([this] { watch_interrupts(); });
    } else {
      events_ = std::thread([this] { poll_slots(); });
    }
    return true;
  }

  std::size_t slot_count() const override { return devices_.size(); }
  Device& slot(std::size_t index) override { return *devices_.at(index); }
  std::string description() const override {
    std::string name = !quirks_.name.empty() ? std::string(quirks_.name) : identity_.product;
    return name + " (USB CCID " + std::string(exchange_level_name(descriptor_.exchange_level())) +
           " level, " + std::to_string(devices_.size()) + " slot(s))";
  }

 private:
  ChannelLimits limits() const {
    ChannelLimits l;
    l.max_message_length = std::max<std::uint32_t>(descriptor_.dwMaxCCIDMessageLength, 64);
    if (quirks_.read_timeout_ms != 0) l.read_timeout = Millis(quirks_.read_timeout_ms);
    return l;
  }

  void watch_interrupts() {
    std::array<std::byte, 64> buffer{};
    while (!stopping_) {
      auto got = transport_->interrupt_in(buffer, Millis(1000));
      if (!got) {
        if (got.status() == Status::IO_TIMEOUT) continue;
        log_(LogLevel::DRIVER,
             "ccid: interrupt endpoint ended: " + std::string(status_name(got.status())));
        return;
      }
      auto changes = parse_interrupt(std::span(buffer).first(*got));
      if (!changes) continue;
      for (const auto& c : *changes) apply(c);
      first_report_ = false;
    }
  }

  void poll_slots() {
    std::unique_lock lock(stop_mutex_);
    while (!stop_wake_.wait_for(lock, kPollInterval, [this] { return stopping_.load(); })) {
      lock.unlock();
      for (std::size_t i = 0; i < io_.size() && !stopping_; ++i) {
        auto status = io_[i]->slot_status();
        if (!status) continue;  // busy or gone: the next round asks again
        apply(SlotChange{static_cast<std::uint8_t>(i), status->icc_status() != IccStatus::absent,
                         false});
      }
      lock.lock();
    }
  }

  // A change bit with "present" may hide a removal and reinsertion between two reports, except
  // in the first report after open: it carries the change latched before we read the slot
  // status (QEMU reports the boot-time insertion there), which start() already accounted for.
  void apply(const SlotChange& c) {
    if (c.slot >= devices_.size() || c.present == present_[c.slot]) {
      if (!c.changed || first_report_ || c.slot >= devices_.size()) return;
    }
    Device& device = *devices_[c.slot];
    if (present_[c.slot]) device.card_removed();
    if (c.present) device.card_inserted();
    present_[c.slot] = c.present;
    log_(LogLevel::DRIVER,
         "ccid: slot " + std::to_string(c.slot) + (c.present ? " card inserted" : " card removed"));
  }

  std::unique_ptr<UsbTransport> transport_;
  ClassDescriptor descriptor_;
  UsbIdentity identity_;
  Quirks quirks_;
  Channel channel_;
  Log log_;
  std::vector<std::unique_ptr<SlotIo>> io_;
  std::vector<std::unique_ptr<detail::SlotContext>> contexts_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::vector<bool> present_;
  bool first_report_ = true;  // only the interrupt thread touches it after start()
  std::atomic<bool> stopping_{false};
  std::mutex stop_mutex_;
  std::condition_variable stop_wake_;
  std::thread events_;
};

}  // namespace

std::unique_ptr<Reader> make_ccid_reader(std::unique_ptr<UsbTransport> transport,
                                         const ClassDescriptor& descriptor,
                                         const UsbIdentity& identity, const CcidOptions& options,
                                         std::string& error) {
  auto reader = std::make_unique<CcidReader>(std::move(transport), descriptor, identity, options);
  if (!reader->start(error)) return nullptr;
  return reader;
}

}  // namespace readerkit::ccid
