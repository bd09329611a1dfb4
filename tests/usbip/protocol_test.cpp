// SPDX-License-Identifier: MIT
// The USB/IP messages byte by byte, as the Linux kernel's usbip protocol documentation lays
// them out (big-endian; op_common, usbip_usb_device, the 48-byte CMD/RET headers).
#include <gtest/gtest.h>

#include "readerkit/usbip/protocol.hpp"

namespace readerkit::usbip {
namespace {

Bytes hex(std::string_view text) {
  return from_hex(text).value();
}

DeviceInfo reader() {
  DeviceInfo d;
  d.path = "/sys/devices/readerkit/usb1/1-1";
  d.busid = "1-1";
  d.busnum = 1;
  d.devnum = 2;
  d.speed = Speed::full;
  d.idVendor = 0x08E6;
  d.idProduct = 0x4433;
  d.bcdDevice = 0x0020;
  d.interfaces = {{0x0B, 0, 0}};
  return d;
}

TEST(UsbipProtocol, OpHeaders) {
  EXPECT_EQ(encode_op_header({kVersion, OP_REQ_DEVLIST, 0}), hex("0111 8005 00000000"));
  const auto import = encode_import_request("1-1");
  EXPECT_EQ(import.size(), 8u + 32u);
  EXPECT_EQ(Bytes(import.begin() + 2, import.begin() + 12), hex("8003 00000000 312D3100"));
  auto h = decode_op_header(hex("0111 8003 00000000"));
  ASSERT_TRUE(h);
  EXPECT_EQ(h->code, OP_REQ_IMPORT);
  EXPECT_FALSE(decode_op_header(hex("0111 8003 000000")));
  const auto longer = encode_import_request("1-12");
  EXPECT_EQ(*decode_busid(std::span(longer).subspan(8)), "1-12");
  EXPECT_FALSE(decode_busid(hex("3100")));
}

TEST(UsbipProtocol, DeviceAndDevlist) {
  const auto device = encode_device(reader());
  ASSERT_EQ(device.size(), kDeviceSize);
  EXPECT_EQ(std::to_integer<char>(device[0]), '/');
  EXPECT_EQ(std::to_integer<char>(device[256]), '1');
  // busnum, devnum, speed, idVendor, idProduct, bcdDevice, class/sub/proto, config, #configs,
  // #interfaces
  EXPECT_EQ(Bytes(device.begin() + 288, device.end()),
            hex("00000001 00000002 00000002 08E6 4433 0020 00 00 00 01 01 01"));
  const std::array<DeviceInfo, 2> two{reader(), reader()};
  const auto list = encode_devlist_reply(two);
  EXPECT_EQ(Bytes(list.begin(), list.begin() + 12), hex("0111 0005 00000000 00000002"));
  EXPECT_EQ(list.size(), 12 + 2 * (kDeviceSize + 4));
  EXPECT_EQ(Bytes(list.begin() + 12 + kDeviceSize, list.begin() + 16 + kDeviceSize),
            hex("0B000000"));
  auto decoded = decode_devlist_reply(list);
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->size(), 2u);
  EXPECT_EQ((*decoded)[1].busid, "1-1");
  EXPECT_EQ((*decoded)[1].idProduct, 0x4433);
  EXPECT_EQ((*decoded)[1].interfaces.at(0).bInterfaceClass, 0x0B);
  // Every cut of the reply is rejected, and so is a trailing byte.
  for (std::size_t n = 0; n < list.size(); ++n) {
    EXPECT_FALSE(decode_devlist_reply(std::span(list).first(n))) << n;
  }
  auto longer = list;
  longer.push_back(std::byte{0});
  EXPECT_FALSE(decode_devlist_reply(longer));
}

TEST(UsbipProtocol, ImportReply) {
  const auto d = reader();
  const auto ok = encode_import_reply(OpStatus::ST_OK, &d);
  EXPECT_EQ(ok.size(), 8 + kDeviceSize);
  EXPECT_EQ(Bytes(ok.begin(), ok.begin() + 8), hex("0111 0003 00000000"));
  EXPECT_EQ(encode_import_reply(OpStatus::ST_DEV_BUSY, &d), hex("0111 0003 00000002"));
  EXPECT_EQ(encode_import_reply(OpStatus::ST_NODEV, nullptr), hex("0111 0003 00000004"));
}

TEST(UsbipProtocol, SubmitAndItsReturn) {
  // CMD_SUBMIT, seqnum 7, devid 0x00010002, IN, ep 0: GET_DESCRIPTOR(DEVICE, 18).
  const auto raw =
      hex("00000001 00000007 00010002 00000001 00000000"
          "00000200 00000012 00000000 00000000 00000000"
          "8006000100001200");
  ASSERT_EQ(raw.size(), kUrbHeaderSize);
  auto h = decode_command_header(raw);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->basic.seqnum, 7u);
  EXPECT_EQ(h->transfer_buffer_length, 18u);
  EXPECT_EQ(h->setup[1], std::byte{0x06});
  EXPECT_EQ(encode_submit(*h), raw);
  const auto urb = to_urb(*h, {});
  EXPECT_EQ(urb.direction, Direction::in);
  EXPECT_EQ(urb.length, 18u);

  UrbResult r;
  r.data = hex("12 01 0002");
  const auto ret = encode_ret_submit(7, r, true, 0);
  EXPECT_EQ(ret, hex("00000003 00000007 00000000 00000000 00000000"
                     "00000000 00000004 00000000 00000000 00000000 0000000000000000"
                     "12010002"));
  auto back = decode_return_header(ret);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->actual_length, 4u);
  // An OUT return carries actual_length and no data.
  UrbResult out;
  out.actual_length = 10;
  EXPECT_EQ(encode_ret_submit(8, out, false, 0).size(), kUrbHeaderSize);
  UrbResult stall;
  stall.status = -32;
  const auto stalled = encode_ret_submit(9, stall, true, 0);
  EXPECT_EQ(Bytes(stalled.begin() + 20, stalled.begin() + 24), hex("FFFFFFE0"));
}

TEST(UsbipProtocol, UnlinkAndItsReturn) {
  const auto raw = encode_unlink(9, 7);
  EXPECT_EQ(raw, hex("00000002 00000009 00000000 00000000 00000000 00000007"
                     "000000000000000000000000000000000000000000000000"));
  auto h = decode_command_header(raw);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->unlink_seqnum, 7u);
  EXPECT_EQ(encode_ret_unlink(9, kErrConnReset),
            hex("00000004 00000009 00000000 00000000 00000000 FFFFFF98"
                "000000000000000000000000000000000000000000000000"));
}

TEST(UsbipProtocol, MalformedHeadersAreRejected) {
  CommandHeader h;
  h.basic.seqnum = 1;
  h.basic.direction = 1;
  const auto good = encode_submit(h);
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(decode_command_header(std::span(good).first(n))) << n;
  }
  auto bad = good;
  bad[3] = std::byte{3};  // RET_SUBMIT is not a command
  EXPECT_FALSE(decode_command_header(bad));
  bad = good;
  bad[15] = std::byte{2};  // direction 2
  EXPECT_FALSE(decode_command_header(bad));
  bad = good;
  bad[19] = std::byte{16};  // endpoint 16
  EXPECT_FALSE(decode_command_header(bad));
  h.transfer_buffer_length = kMaxTransferLength + 1;  // no allocation of that size
  EXPECT_FALSE(decode_command_header(encode_submit(h)));
}

}  // namespace
}  // namespace readerkit::usbip
