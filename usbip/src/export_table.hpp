// SPDX-License-Identifier: MIT
// The exported devices by busid, and which connection holds each (one importer at a time).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "readerkit/usbip/protocol.hpp"

namespace readerkit::usbip::detail {

class ExportTable {
 public:
  explicit ExportTable(std::vector<std::shared_ptr<UsbDevice>> devices);

  /// Every export as OP_REP_DEVLIST lists it.
  std::vector<DeviceInfo> list() const;

  struct Claim {
    OpStatus status = OpStatus::ST_NODEV;
    std::shared_ptr<UsbDevice> device;
    DeviceInfo info;
    std::string holder;  // the importer already holding it (ST_DEV_BUSY)
  };
  /// Claims `busid` for `peer`: ST_OK with the device, ST_NODEV, or ST_DEV_BUSY.
  Claim claim(const std::string& busid, const std::string& peer);
  void release(const std::string& busid);

 private:
  struct Entry {
    std::shared_ptr<UsbDevice> device;
    std::string busid;
    std::string holder;  // empty: free
  };
  DeviceInfo info_of(const Entry& e, std::size_t index) const;

  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

}  // namespace readerkit::usbip::detail
