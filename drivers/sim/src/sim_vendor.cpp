// SPDX-License-Identifier: MIT
#include "sim_vendor.hpp"

#include <array>
#include <cstring>

namespace readerkit::sim {
namespace {

// Copies `bytes` into the reply; `bytes` may alias the request, which may alias the reply.
Status answer(CallbackParams& params, std::span<const std::byte> bytes) {
  if (bytes.size() > params.reply.size()) return Status::BUFFER_TOO_SMALL;
  if (!bytes.empty()) std::memmove(params.reply.data(), bytes.data(), bytes.size());
  *params.bytes_returned = bytes.size();
  return Status::SUCCESS;
}

Status answer_firmware(CallbackParams& params) {
  return answer(params, std::as_bytes(std::span{kSimFirmware.data(), kSimFirmware.size()}));
}

Status escape(CallbackParams& params) {
  if (params.request.empty()) return answer_firmware(params);
  return answer(params, params.request);
}

struct VendorRow {
  std::uint32_t code;
  Status (*handle)(CallbackParams&);
};

const std::array kVendorTable{
    VendorRow{SIM_IOCTL_ESCAPE, escape},
    VendorRow{SIM_IOCTL_GET_FIRMWARE, answer_firmware},
};

}  // namespace

Status sim_vendor_ioctl(CallbackParams& params) {
  if (!is_vendor_ioctl(params.major_code)) return Status::NOT_SUPPORTED;  // unknown attribute
  for (const auto& row : kVendorTable) {
    if (row.code == params.major_code) return row.handle(params);
  }
  return Status::INVALID_DEVICE_REQUEST;
}

}  // namespace readerkit::sim
