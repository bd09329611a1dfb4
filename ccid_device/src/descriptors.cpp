// SPDX-License-Identifier: MIT
// The device's descriptors, little-endian (USB 2.0 §9.6; CCID rev 1.1 §5.1-§5.2).
#include "descriptors.hpp"

#include <algorithm>

#include "readerkit/ccid/usb_standard.hpp"

namespace readerkit::ccid_device {
namespace {

using namespace ccid::usb;

constexpr std::uint16_t kLanguageEnUs = 0x0409;

class Writer {
 public:
  Writer& u8(std::uint32_t v) {
    out_.push_back(static_cast<std::byte>(v & 0xFF));
    return *this;
  }
  Writer& u16(std::uint32_t v) { return u8(v).u8(v >> 8); }
  Writer& bytes(std::span<const std::byte> b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return *this;
  }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

std::uint32_t level_bits(ccid::ExchangeLevel level) {
  switch (level) {
    case ccid::ExchangeLevel::tpdu:
      return ccid::feature::LEVEL_TPDU;
    case ccid::ExchangeLevel::short_apdu:
      return ccid::feature::LEVEL_SHORT_APDU;
    case ccid::ExchangeLevel::extended_apdu:
      return ccid::feature::LEVEL_EXTENDED_APDU;
    case ccid::ExchangeLevel::character:
      return 0;
  }
  return 0;
}

constexpr std::uint32_t kAutomatic = ccid::feature::AUTO_CONFIG_ATR | ccid::feature::AUTO_VOLTAGE |
                                     ccid::feature::AUTO_CLOCK | ccid::feature::AUTO_BAUD |
                                     ccid::feature::AUTO_PPS | ccid::feature::AUTO_IFSD;

void endpoint(Writer& w, std::uint8_t address, std::uint8_t attributes, std::uint8_t interval) {
  w.u8(7).u8(ENDPOINT).u8(address).u8(attributes).u16(kMaxPacket).u8(interval);
}

}  // namespace

ccid::ClassDescriptor class_descriptor(const Profile& profile, std::size_t slots,
                                       const ReaderCapabilities& reader) {
  ccid::ClassDescriptor d;
  d.bcdCCID = 0x0110;
  d.bMaxSlotIndex = static_cast<std::uint8_t>(slots - 1);
  d.bVoltageSupport = 0x07;  // 5 V, 3 V, 1.8 V
  d.dwProtocols = reader.protocol_types & (SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  d.dwDefaultClock = reader.default_clk_khz;
  d.dwMaximumClock = reader.max_clk_khz;
  d.dwDataRate = reader.default_data_rate;
  d.dwMaxDataRate = reader.max_data_rate;
  d.dwMaxIFSD = reader.max_ifsd;
  d.dwFeatures = level_bits(profile.level) | (profile.automatic ? kAutomatic : 0);
  d.dwMaxCCIDMessageLength = profile.max_message;
  d.bClassGetResponse = 0xFF;  // echo the command's class
  d.bClassEnvelope = 0xFF;
  if (profile.pin_pad && reader.pin_pad) {
    d.wLcdLayout = reader.pin_pad->lcd_layout;
    d.bPINSupport =
        static_cast<std::uint8_t>((reader.pin_pad->verify ? ccid::kPinVerification : 0) |
                                  (reader.pin_pad->modify ? ccid::kPinModification : 0));
  }
  d.bMaxCCIDBusySlots = 1;
  return d;
}

Descriptors build_descriptors(const Profile& profile, const ccid::ClassDescriptor& ccid,
                              const Identity& identity) {
  Descriptors d;
  d.ccid = ccid;
  d.interrupt_endpoint = profile.interrupt_endpoint;
  d.strings = {identity.manufacturer, identity.product, identity.serial};
  Writer dev;
  dev.u8(18).u8(DEVICE).u16(0x0200);
  dev.u8(0).u8(0).u8(0).u8(kMaxPacket);  // class per interface; bMaxPacketSize0
  dev.u16(identity.vendor_id).u16(identity.product_id).u16(identity.bcd_device);
  dev.u8(1).u8(2).u8(3).u8(1);  // iManufacturer, iProduct, iSerialNumber, one configuration
  d.device = dev.take();

  const std::uint8_t endpoints = profile.interrupt_endpoint ? 3 : 2;
  const auto ccid_bytes = ccid::encode_class_descriptor(ccid);
  Writer cfg;
  const std::size_t total = 9 + 9 + ccid_bytes.size() + 7u * endpoints;
  cfg.u8(9).u8(CONFIGURATION).u16(static_cast<std::uint32_t>(total));
  cfg.u8(1).u8(1).u8(0).u8(0x80).u8(50);  // one interface, value 1, bus powered, 100 mA
  cfg.u8(9).u8(INTERFACE).u8(0).u8(0).u8(endpoints);
  cfg.u8(ccid::kInterfaceClassCcid).u8(0).u8(0).u8(0);
  cfg.bytes(ccid_bytes);
  endpoint(cfg, kBulkOut, kTransferBulk, 0);
  endpoint(cfg, kEndpointIn | kBulkIn, kTransferBulk, 0);
  if (profile.interrupt_endpoint) endpoint(cfg, kEndpointIn | kInterruptIn, kTransferInterrupt, 8);
  d.configuration = cfg.take();
  return d;
}

Bytes string_descriptor(const Descriptors& d, std::uint8_t index) {
  Writer w;
  if (index == 0) return w.u8(4).u8(STRING).u16(kLanguageEnUs).take();
  if (index > d.strings.size()) return {};
  const auto& text = d.strings[index - 1];
  const auto length = std::min<std::size_t>(text.size(), 126);
  w.u8(static_cast<std::uint32_t>(2 + 2 * length)).u8(STRING);
  for (std::size_t i = 0; i < length; ++i) w.u16(static_cast<unsigned char>(text[i]));
  return w.take();
}

}  // namespace readerkit::ccid_device
