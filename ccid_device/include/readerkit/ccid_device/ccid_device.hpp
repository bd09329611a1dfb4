// SPDX-License-Identifier: MIT
// A ReaderKit reader as a USB CCID device (docs/usbip.md): descriptors and endpoint 0, the
// bulk pipes carrying CCID messages to one SlotCommands per slot, and RDR_to_PC_NotifySlotChange
// on the interrupt pipe from each slot's card tracking. Served over USB/IP by usbip::Server.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "readerkit/ccid/descriptor.hpp"
#include "readerkit/ccid_device/profile.hpp"
#include "readerkit/log.hpp"
#include "readerkit/reader.hpp"
#include "readerkit/usbip/usb_device.hpp"

namespace readerkit::ccid_device {

struct CcidDeviceOptions {
  Profile profile = profiles().front();
  std::uint16_t vendor_id = kOwnVendorId;
  std::uint16_t product_id = kOwnProductId;
  std::string serial = "RK0001";
  Log log;
};

/// Why `reader` cannot be exported with `profile` (a PIN pad profile in front of a reader
/// without one); empty when it can.
std::string export_problem(const Reader& reader, const Profile& profile);

class CcidDevice final : public usbip::UsbDevice {
 public:
  /// Exports every slot of `reader`, which must outlive the device. The device tracks each
  /// slot's card from now on (an IS_PRESENT or IS_ABSENT request stays pending).
  CcidDevice(Reader& reader, CcidDeviceOptions options);
  ~CcidDevice() override;
  CcidDevice(const CcidDevice&) = delete;
  CcidDevice& operator=(const CcidDevice&) = delete;

  usbip::DeviceInfo info() const override;
  void attach() override;
  void submit(usbip::Urb urb, usbip::UrbCompletion complete) override;
  bool unlink(std::uint32_t seqnum) override;
  void detach() override;

  /// The class descriptor announced.
  const ccid::ClassDescriptor& class_descriptor() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace readerkit::ccid_device
