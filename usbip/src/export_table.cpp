// SPDX-License-Identifier: MIT
// Exports by busid (export_table.hpp).
#include "export_table.hpp"

#include "readerkit/usbip/server.hpp"

namespace readerkit::usbip::detail {

ExportTable::ExportTable(std::vector<std::shared_ptr<UsbDevice>> devices) {
  for (std::size_t i = 0; i < devices.size(); ++i) {
    entries_.push_back({std::move(devices[i]), Server::busid(i), {}});
  }
}

DeviceInfo ExportTable::info_of(const Entry& e, std::size_t index) const {
  DeviceInfo info = e.device->info();
  info.busid = e.busid;
  info.path = "/sys/devices/readerkit/usb1/" + e.busid;
  info.busnum = 1;
  info.devnum = static_cast<std::uint32_t>(index + 1);
  return info;
}

std::vector<DeviceInfo> ExportTable::list() const {
  std::lock_guard lock(mutex_);
  std::vector<DeviceInfo> out;
  for (std::size_t i = 0; i < entries_.size(); ++i) out.push_back(info_of(entries_[i], i));
  return out;
}

ExportTable::Claim ExportTable::claim(const std::string& busid, const std::string& peer) {
  std::lock_guard lock(mutex_);
  Claim c;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    auto& e = entries_[i];
    if (e.busid != busid) continue;
    if (!e.holder.empty()) {
      c.status = OpStatus::ST_DEV_BUSY;
      c.holder = e.holder;
      return c;
    }
    e.holder = peer;
    c.status = OpStatus::ST_OK;
    c.device = e.device;
    c.info = info_of(e, i);
    return c;
  }
  return c;
}

void ExportTable::release(const std::string& busid) {
  std::lock_guard lock(mutex_);
  for (auto& e : entries_) {
    if (e.busid == busid) e.holder.clear();
  }
}

}  // namespace readerkit::usbip::detail
