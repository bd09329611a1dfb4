// SPDX-License-Identifier: MIT
// The USB/IP protocol as the Linux kernel's usbip documentation defines it (version 1.1.1),
// every field big-endian: the operations OP_REQ/REP_DEVLIST and OP_REQ/REP_IMPORT, then on an
// imported connection USBIP_CMD_SUBMIT / RET_SUBMIT and USBIP_CMD_UNLINK / RET_UNLINK with
// their 48-byte headers. Encoders and bounds-checked decoders, no I/O.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "readerkit/bytes.hpp"
#include "readerkit/result.hpp"
#include "readerkit/usbip/usb_device.hpp"

namespace readerkit::usbip {

inline constexpr std::uint16_t kVersion = 0x0111;

/// Operation codes (struct op_common's `code`).
inline constexpr std::uint16_t OP_REQ_DEVLIST = 0x8005;
inline constexpr std::uint16_t OP_REP_DEVLIST = 0x0005;
inline constexpr std::uint16_t OP_REQ_IMPORT = 0x8003;
inline constexpr std::uint16_t OP_REP_IMPORT = 0x0003;

/// op_common's `status` in a reply (usbip-utils' names).
enum class OpStatus : std::uint32_t {
  ST_OK = 0x00,
  ST_NA = 0x01,
  ST_DEV_BUSY = 0x02,
  ST_DEV_ERR = 0x03,
  ST_NODEV = 0x04,
  ST_ERROR = 0x05,
};

/// Commands of an imported connection (usbip_header_basic's `command`).
inline constexpr std::uint32_t USBIP_CMD_SUBMIT = 1;
inline constexpr std::uint32_t USBIP_CMD_UNLINK = 2;
inline constexpr std::uint32_t USBIP_RET_SUBMIT = 3;
inline constexpr std::uint32_t USBIP_RET_UNLINK = 4;

inline constexpr std::size_t kOpHeaderSize = 8;  // version, code, status
inline constexpr std::size_t kBusIdSize = 32;
inline constexpr std::size_t kPathSize = 256;
inline constexpr std::size_t kDeviceSize = 312;    // struct usbip_usb_device
inline constexpr std::size_t kInterfaceSize = 4;   // struct usbip_usb_interface
inline constexpr std::size_t kUrbHeaderSize = 48;  // every CMD_* and RET_* header

/// The largest transfer buffer accepted in a CMD_SUBMIT: a CCID message is at most 65,544
/// bytes; anything above this bound is a protocol error, never an allocation.
inline constexpr std::uint32_t kMaxTransferLength = 1u << 20;

/// Linux errno values carried in RET_SUBMIT and RET_UNLINK.
inline constexpr std::int32_t kErrConnReset = -104;  // -ECONNRESET: the URB was unlinked

/// The op_common header.
struct OpHeader {
  std::uint16_t version = kVersion;
  std::uint16_t code = 0;
  std::uint32_t status = 0;
};

Bytes encode_op_header(const OpHeader& h);
/// INVALID_PARAMETER for fewer than 8 bytes.
Result<OpHeader> decode_op_header(std::span<const std::byte> bytes);

/// OP_REQ_IMPORT's busid (after the op header): the text up to the first NUL of 32 bytes.
Bytes encode_import_request(const std::string& busid);
Result<std::string> decode_busid(std::span<const std::byte> bytes);

/// struct usbip_usb_device (312 bytes) and, for DEVLIST, the interfaces after it.
Bytes encode_device(const DeviceInfo& d);
Result<DeviceInfo> decode_device(std::span<const std::byte> bytes);  // without interfaces

/// OP_REP_DEVLIST: op header, number of devices, then each device and its interfaces.
Bytes encode_devlist_reply(std::span<const DeviceInfo> devices);
/// Decodes a complete OP_REP_DEVLIST; INVALID_PARAMETER when short, inconsistent or not OK.
Result<std::vector<DeviceInfo>> decode_devlist_reply(std::span<const std::byte> bytes);

/// OP_REP_IMPORT: the op header with `status`, and the device when it is ST_OK.
Bytes encode_import_reply(OpStatus status, const DeviceInfo* device);

/// The basic header every CMD_* / RET_* starts with.
struct BasicHeader {
  std::uint32_t command = 0;
  std::uint32_t seqnum = 0;
  std::uint32_t devid = 0;
  std::uint32_t direction = 0;
  std::uint32_t ep = 0;
};

/// A decoded 48-byte header of USBIP_CMD_SUBMIT or USBIP_CMD_UNLINK.
struct CommandHeader {
  BasicHeader basic;
  // CMD_SUBMIT
  std::uint32_t transfer_flags = 0;
  std::uint32_t transfer_buffer_length = 0;
  std::int32_t start_frame = 0;
  std::int32_t number_of_packets = 0;
  std::int32_t interval = 0;
  std::array<std::byte, 8> setup{};
  // CMD_UNLINK
  std::uint32_t unlink_seqnum = 0;

  /// True for an isochronous submit (descriptors follow its data; not served here).
  bool isochronous() const { return number_of_packets > 0; }
};

/// Decodes a CMD_SUBMIT or CMD_UNLINK header (48 bytes). INVALID_PARAMETER for a short header,
/// another command, a direction other than 0/1, an endpoint above 15 or a transfer buffer
/// longer than kMaxTransferLength.
Result<CommandHeader> decode_command_header(std::span<const std::byte> bytes);

/// Encodes a CMD_SUBMIT header (the client side: tests).
Bytes encode_submit(const CommandHeader& h);
/// Encodes a CMD_UNLINK header.
Bytes encode_unlink(std::uint32_t seqnum, std::uint32_t unlink_seqnum);

/// USBIP_RET_SUBMIT for `seqnum`: the header, then the data for an IN transfer.
Bytes encode_ret_submit(std::uint32_t seqnum, const UrbResult& result, bool in,
                        std::int32_t number_of_packets);
/// USBIP_RET_UNLINK for the CMD_UNLINK `seqnum`.
Bytes encode_ret_unlink(std::uint32_t seqnum, std::int32_t status);

/// A RET_SUBMIT / RET_UNLINK header decoded (the client side: tests).
struct ReturnHeader {
  BasicHeader basic;
  std::int32_t status = 0;
  std::uint32_t actual_length = 0;
};
Result<ReturnHeader> decode_return_header(std::span<const std::byte> bytes);

/// The Urb a CMD_SUBMIT header and its OUT data describe.
Urb to_urb(const CommandHeader& h, Bytes data);

}  // namespace readerkit::usbip
