// SPDX-License-Identifier: MIT
// USB/IP messages (protocol.hpp), big-endian.
#include "readerkit/usbip/protocol.hpp"

#include <algorithm>

namespace readerkit::usbip {
namespace {

class Writer {
 public:
  Writer& u8(std::uint32_t v) {
    out_.push_back(static_cast<std::byte>(v & 0xFF));
    return *this;
  }
  Writer& u16(std::uint32_t v) { return u8(v >> 8).u8(v); }
  Writer& u32(std::uint32_t v) { return u16(v >> 16).u16(v); }
  Writer& s32(std::int32_t v) { return u32(static_cast<std::uint32_t>(v)); }
  Writer& text(const std::string& s, std::size_t size) {
    const auto n = std::min(s.size(), size - 1);  // always NUL-terminated
    for (std::size_t i = 0; i < size; ++i) u8(i < n ? static_cast<unsigned char>(s[i]) : 0);
    return *this;
  }
  Writer& bytes(std::span<const std::byte> b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return *this;
  }
  Writer& zeros(std::size_t n) {
    out_.insert(out_.end(), n, std::byte{0});
    return *this;
  }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

class Reader {
 public:
  explicit Reader(std::span<const std::byte> b) : b_(b) {}
  std::uint8_t u8() { return std::to_integer<std::uint8_t>(b_[at_++]); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
  std::uint32_t u32() { return std::uint32_t{u16()} << 16 | u16(); }
  std::int32_t s32() { return static_cast<std::int32_t>(u32()); }
  std::string text(std::size_t size) {
    std::string s;
    for (std::size_t i = 0; i < size; ++i) {
      const auto c = static_cast<char>(u8());
      if (c == '\0') {
        at_ += size - i - 1;
        break;
      }
      s.push_back(c);
    }
    return s;
  }
  void skip(std::size_t n) { at_ += n; }
  std::size_t at() const { return at_; }

 private:
  std::span<const std::byte> b_;
  std::size_t at_ = 0;
};

void basic(Writer& w, const BasicHeader& h) {
  w.u32(h.command).u32(h.seqnum).u32(h.devid).u32(h.direction).u32(h.ep);
}

BasicHeader basic(Reader& r) {
  BasicHeader h;
  h.command = r.u32();
  h.seqnum = r.u32();
  h.devid = r.u32();
  h.direction = r.u32();
  h.ep = r.u32();
  return h;
}

}  // namespace

Bytes encode_op_header(const OpHeader& h) {
  return Writer().u16(h.version).u16(h.code).u32(h.status).take();
}

Result<OpHeader> decode_op_header(std::span<const std::byte> bytes) {
  if (bytes.size() < kOpHeaderSize) return Status::INVALID_PARAMETER;
  Reader r(bytes);
  OpHeader h;
  h.version = r.u16();
  h.code = r.u16();
  h.status = r.u32();
  return h;
}

Bytes encode_import_request(const std::string& busid) {
  Writer w;
  w.bytes(encode_op_header({kVersion, OP_REQ_IMPORT, 0}));
  return w.text(busid, kBusIdSize).take();
}

Result<std::string> decode_busid(std::span<const std::byte> bytes) {
  if (bytes.size() < kBusIdSize) return Status::INVALID_PARAMETER;
  Reader r(bytes);
  return r.text(kBusIdSize);
}

Bytes encode_device(const DeviceInfo& d) {
  Writer w;
  w.text(d.path, kPathSize).text(d.busid, kBusIdSize);
  w.u32(d.busnum).u32(d.devnum).u32(static_cast<std::uint32_t>(d.speed));
  w.u16(d.idVendor).u16(d.idProduct).u16(d.bcdDevice);
  w.u8(d.bDeviceClass).u8(d.bDeviceSubClass).u8(d.bDeviceProtocol);
  w.u8(d.bConfigurationValue).u8(d.bNumConfigurations);
  w.u8(static_cast<std::uint32_t>(d.interfaces.size()));
  return w.take();
}

Result<DeviceInfo> decode_device(std::span<const std::byte> bytes) {
  if (bytes.size() < kDeviceSize) return Status::INVALID_PARAMETER;
  Reader r(bytes);
  DeviceInfo d;
  d.path = r.text(kPathSize);
  d.busid = r.text(kBusIdSize);
  d.busnum = r.u32();
  d.devnum = r.u32();
  d.speed = static_cast<Speed>(r.u32());
  d.idVendor = r.u16();
  d.idProduct = r.u16();
  d.bcdDevice = r.u16();
  d.bDeviceClass = r.u8();
  d.bDeviceSubClass = r.u8();
  d.bDeviceProtocol = r.u8();
  d.bConfigurationValue = r.u8();
  d.bNumConfigurations = r.u8();
  d.interfaces.resize(r.u8());
  return d;
}

Bytes encode_devlist_reply(std::span<const DeviceInfo> devices) {
  Writer w;
  w.bytes(encode_op_header({kVersion, OP_REP_DEVLIST, 0}));
  w.u32(static_cast<std::uint32_t>(devices.size()));
  for (const auto& d : devices) {
    w.bytes(encode_device(d));
    for (const auto& i : d.interfaces) {
      w.u8(i.bInterfaceClass).u8(i.bInterfaceSubClass).u8(i.bInterfaceProtocol).u8(0);
    }
  }
  return w.take();
}

Result<std::vector<DeviceInfo>> decode_devlist_reply(std::span<const std::byte> bytes) {
  auto header = decode_op_header(bytes);
  if (!header || header->code != OP_REP_DEVLIST || header->status != 0 ||
      bytes.size() < kOpHeaderSize + 4) {
    return Status::INVALID_PARAMETER;
  }
  Reader count(bytes.subspan(kOpHeaderSize));
  const auto n = count.u32();
  std::vector<DeviceInfo> devices;
  std::size_t at = kOpHeaderSize + 4;
  for (std::uint32_t k = 0; k < n; ++k) {
    auto d = decode_device(bytes.subspan(std::min(at, bytes.size())));
    if (!d) return Status::INVALID_PARAMETER;
    at += kDeviceSize;
    const auto interfaces = d->interfaces.size();
    if (bytes.size() < at + interfaces * kInterfaceSize) return Status::INVALID_PARAMETER;
    Reader r(bytes.subspan(at));
    for (auto& i : d->interfaces) {
      i.bInterfaceClass = r.u8();
      i.bInterfaceSubClass = r.u8();
      i.bInterfaceProtocol = r.u8();
      r.skip(1);
    }
    at += interfaces * kInterfaceSize;
    devices.push_back(std::move(*d));
  }
  if (at != bytes.size()) return Status::INVALID_PARAMETER;
  return devices;
}

Bytes encode_import_reply(OpStatus status, const DeviceInfo* device) {
  Writer w;
  w.bytes(encode_op_header({kVersion, OP_REP_IMPORT, static_cast<std::uint32_t>(status)}));
  if (status == OpStatus::ST_OK && device != nullptr) w.bytes(encode_device(*device));
  return w.take();
}

Result<CommandHeader> decode_command_header(std::span<const std::byte> bytes) {
  if (bytes.size() < kUrbHeaderSize) return Status::INVALID_PARAMETER;
  Reader r(bytes);
  CommandHeader h;
  h.basic = basic(r);
  if (h.basic.direction > 1 || h.basic.ep > 15) return Status::INVALID_PARAMETER;
  if (h.basic.command == USBIP_CMD_SUBMIT) {
    h.transfer_flags = r.u32();
    h.transfer_buffer_length = r.u32();
    h.start_frame = r.s32();
    h.number_of_packets = r.s32();
    h.interval = r.s32();
    for (auto& b : h.setup) b = static_cast<std::byte>(r.u8());
    if (h.transfer_buffer_length > kMaxTransferLength) return Status::INVALID_PARAMETER;
    return h;
  }
  if (h.basic.command == USBIP_CMD_UNLINK) {
    h.unlink_seqnum = r.u32();
    return h;
  }
  return Status::INVALID_PARAMETER;
}

Bytes encode_submit(const CommandHeader& h) {
  Writer w;
  basic(w, BasicHeader{USBIP_CMD_SUBMIT, h.basic.seqnum, h.basic.devid, h.basic.direction,
                       h.basic.ep});
  w.u32(h.transfer_flags).u32(h.transfer_buffer_length).s32(h.start_frame);
  w.s32(h.number_of_packets).s32(h.interval).bytes(h.setup);
  return w.take();
}

Bytes encode_unlink(std::uint32_t seqnum, std::uint32_t unlink_seqnum) {
  Writer w;
  basic(w, BasicHeader{USBIP_CMD_UNLINK, seqnum, 0, 0, 0});
  return w.u32(unlink_seqnum).zeros(24).take();
}

Bytes encode_ret_submit(std::uint32_t seqnum, const UrbResult& result, bool in,
                        std::int32_t number_of_packets) {
  Writer w;
  // devid, direction and ep are 0 in a return (the seqnum identifies the URB).
  basic(w, BasicHeader{USBIP_RET_SUBMIT, seqnum, 0, 0, 0});
  const auto actual = in ? static_cast<std::uint32_t>(result.data.size()) : result.actual_length;
  w.s32(result.status).u32(actual).s32(0).s32(number_of_packets).s32(0).zeros(8);
  if (in) w.bytes(result.data);
  return w.take();
}

Bytes encode_ret_unlink(std::uint32_t seqnum, std::int32_t status) {
  Writer w;
  basic(w, BasicHeader{USBIP_RET_UNLINK, seqnum, 0, 0, 0});
  return w.s32(status).zeros(24).take();
}

Result<ReturnHeader> decode_return_header(std::span<const std::byte> bytes) {
  if (bytes.size() < kUrbHeaderSize) return Status::INVALID_PARAMETER;
  Reader r(bytes);
  ReturnHeader h;
  h.basic = basic(r);
  if (h.basic.command != USBIP_RET_SUBMIT && h.basic.command != USBIP_RET_UNLINK) {
    return Status::INVALID_PARAMETER;
  }
  h.status = r.s32();
  if (h.basic.command == USBIP_RET_SUBMIT) h.actual_length = r.u32();
  return h;
}

Urb to_urb(const CommandHeader& h, Bytes data) {
  Urb urb;
  urb.seqnum = h.basic.seqnum;
  urb.endpoint = static_cast<std::uint8_t>(h.basic.ep);
  urb.direction = h.basic.direction == 1 ? Direction::in : Direction::out;
  urb.transfer_flags = h.transfer_flags;
  urb.length = h.transfer_buffer_length;
  urb.interval = h.interval;
  urb.setup = h.setup;
  urb.data = std::move(data);
  return urb;
}

}  // namespace readerkit::usbip
