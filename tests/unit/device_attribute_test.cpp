// SPDX-License-Identifier: MIT
// GET_ATTRIBUTE / SET_ATTRIBUTE (docs/contract/ioctl.md §4, §5): every attribute, too-small
// output, no card, settable ones, vendor fallback.
#include <gtest/gtest.h>

#include <string>

#include "device_helpers.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit {
namespace {

using test::Outcome;
using test::ScriptedDevice;
using test::Step;

ReaderCapabilities test_reader() {
  ReaderCapabilities r;
  r.vendor_name = "Acme";
  r.ifd_type = "Model 7";
  r.ifd_version = 0x01020003;
  r.serial_number = "SN42";
  r.reader_type = ReaderType::SCARD_READER_TYPE_USB;
  r.channel = 3;
  r.protocol_types = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
  r.default_clk_khz = 4000;
  r.max_clk_khz = 8000;
  r.default_data_rate = 10752;
  r.max_data_rate = 250000;
  r.max_ifsd = 254;
  r.power_mgmt_support = 1;
  r.mechanics = 0;
  r.current_clk_khz = 4000;
  return r;
}

Bytes text(std::string_view s) {
  const auto v = as_bytes_view(s);
  return Bytes(v.begin(), v.end());
}

struct Expected {
  std::uint32_t id;
  Bytes value;
  bool card_attribute;
};

/// Every §5 attribute with the value the test reader and a SPECIFIC T=1 card give.
std::vector<Expected> expected_values(const CardCapabilities& card) {
  using test::ulong_buffer;
  return {
      {SCARD_ATTR_VENDOR_NAME, text("Acme"), false},
      {SCARD_ATTR_VENDOR_IFD_TYPE, text("Model 7"), false},
      {SCARD_ATTR_VENDOR_IFD_VERSION, ulong_buffer(0x01020003), false},
      {SCARD_ATTR_VENDOR_IFD_SERIAL_NO, text("SN42"), false},
      {SCARD_ATTR_CHANNEL_ID, ulong_buffer(0x00200003), false},
      {SCARD_ATTR_PROTOCOL_TYPES, ulong_buffer(3), false},
      {SCARD_ATTR_DEFAULT_CLK, ulong_buffer(4000), false},
      {SCARD_ATTR_MAX_CLK, ulong_buffer(8000), false},
      {SCARD_ATTR_DEFAULT_DATA_RATE, ulong_buffer(10752), false},
      {SCARD_ATTR_MAX_DATA_RATE, ulong_buffer(250000), false},
      {SCARD_ATTR_MAX_IFSD, ulong_buffer(254), false},
      {SCARD_ATTR_POWER_MGMT_SUPPORT, ulong_buffer(1), false},
      {SCARD_ATTR_CHARACTERISTICS, ulong_buffer(0), false},
      {SCARD_ATTR_CURRENT_PROTOCOL_TYPE, ulong_buffer(SCARD_PROTOCOL_T1), true},
      {SCARD_ATTR_CURRENT_CLK, ulong_buffer(4000), true},
      {SCARD_ATTR_CURRENT_F, ulong_buffer(372), true},
      {SCARD_ATTR_CURRENT_D, ulong_buffer(1), true},
      {SCARD_ATTR_CURRENT_N, ulong_buffer(0), true},
      {SCARD_ATTR_CURRENT_W, ulong_buffer(10), true},
      {SCARD_ATTR_CURRENT_IFSC, ulong_buffer(32), true},
      {SCARD_ATTR_CURRENT_IFSD, ulong_buffer(32), true},
      {SCARD_ATTR_CURRENT_BWT, ulong_buffer(card.bwt_us), true},
      {SCARD_ATTR_CURRENT_CWT, ulong_buffer(card.cwt_us), true},
      {SCARD_ATTR_CURRENT_EBC_ENCODING, ulong_buffer(0), true},
      {SCARD_ATTR_EXTENDED_BWT, ulong_buffer(card.bwt_us), true},
      {SCARD_ATTR_ICC_PRESENCE, Bytes{std::byte{2}}, false},
      {SCARD_ATTR_ICC_INTERFACE_STATUS, Bytes{std::byte{1}}, false},
      {SCARD_ATTR_ATR_STRING, test::atr_t0_t1(), true},
      {SCARD_ATTR_DEVICE_UNIT, ulong_buffer(5), false},
      {SCARD_ATTR_DEVICE_IN_USE, ulong_buffer(0), false},
      {SCARD_ATTR_SUPRESS_T1_IFS_REQUEST, ulong_buffer(0), false},
      {SCARD_PERF_NUM_TRANSMISSIONS, ulong_buffer(0), false},
      {SCARD_PERF_BYTES_TRANSMITTED, ulong_buffer(0), false},
      {SCARD_PERF_TRANSMISSION_TIME, ulong_buffer(0), false},
  };
}

DeviceConfig unit5() {
  DeviceConfig c;
  c.unit = 5;
  return c;
}

TEST(DeviceAttribute, EveryAttributeWithASpecificCard) {
  ScriptedDevice s(test_reader(), unit5(), {Rdf::RDF_IOCTL_VENDOR});
  test::bring_to_specific(*s.device);
  const CardCapabilities card = s.device->card();
  EXPECT_GT(card.bwt_us, 0u);
  for (const Expected& e : expected_values(card)) {
    SCOPED_TRACE(attribute_name(e.id));
    const Outcome o = test::get_attribute(*s.device, e.id);
    EXPECT_EQ(o.status, Status::SUCCESS);
    EXPECT_EQ(o.output, e.value);
  }
}

TEST(DeviceAttribute, TooSmallOutputIsBufferTooSmall) {
  ScriptedDevice s(test_reader(), unit5(), {Rdf::RDF_IOCTL_VENDOR});
  test::bring_to_specific(*s.device);
  for (const Expected& e : expected_values(s.device->card())) {
    SCOPED_TRACE(attribute_name(e.id));
    const Outcome o = test::get_attribute(*s.device, e.id, e.value.size() - 1);
    EXPECT_EQ(o.status, Status::BUFFER_TOO_SMALL);
    EXPECT_EQ(o.information, 0u);
  }
}

TEST(DeviceAttribute, CardAttributesWithoutCardAreNoMedia) {
  ScriptedDevice s(test_reader(), unit5(), {Rdf::RDF_IOCTL_VENDOR});
  for (const Expected& e : expected_values(CardCapabilities{})) {
    SCOPED_TRACE(attribute_name(e.id));
    const Outcome o = test::get_attribute(*s.device, e.id);
    if (e.card_attribute) {
      EXPECT_EQ(o.status, Status::NO_MEDIA);
      EXPECT_EQ(o.information, 0u);
    } else {
      EXPECT_EQ(o.status, Status::SUCCESS);
    }
  }
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_ICC_PRESENCE).output, Bytes{std::byte{0}});
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_ICC_INTERFACE_STATUS).output,
            Bytes{std::byte{0}});
}

TEST(DeviceAttribute, OutputCapacityIsCheckedBeforeTheCard) {
  ScriptedDevice s;
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_CURRENT_F, 2).status,
            Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_ATR_STRING, 0).status, Status::NO_MEDIA);
}

TEST(DeviceAttribute, CurrentProtocolNeedsSpecificState) {
  ScriptedDevice s;
  s.device->card_inserted();
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_CURRENT_PROTOCOL_TYPE).status,
            Status::INVALID_DEVICE_STATE);
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_CURRENT_PROTOCOL_TYPE).status,
            Status::INVALID_DEVICE_STATE);
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_CURRENT_F).output, test::ulong_buffer(372));
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_ATR_STRING).output, test::atr_t0_t1());
}

TEST(DeviceAttribute, PresenceAndInterfaceStatusFollowTheState) {
  ReaderCapabilities mechanics;
  mechanics.mechanics = SCARD_READER_SWALLOWS;
  ScriptedDevice s(mechanics);
  auto presence = [&] { return test::get_attribute(*s.device, SCARD_ATTR_ICC_PRESENCE).output; };
  auto contacts = [&] {
    return test::get_attribute(*s.device, SCARD_ATTR_ICC_INTERFACE_STATUS).output;
  };
  EXPECT_EQ(presence(), Bytes{std::byte{0}});
  s.device->card_inserted();  // PRESENT: at the mouth of a swallowing reader
  EXPECT_EQ(presence(), Bytes{std::byte{1}});
  EXPECT_EQ(contacts(), Bytes{std::byte{0}});
  test::ioctl(*s.device, IOCTL_SMARTCARD_SWALLOW);
  EXPECT_EQ(presence(), Bytes{std::byte{2}});
  EXPECT_EQ(contacts(), Bytes{std::byte{0}});
  test::power(*s.device, PowerAction::SCARD_COLD_RESET);
  EXPECT_EQ(contacts(), Bytes{std::byte{1}});
}

TEST(DeviceAttribute, ReaderWithoutMechanicsReportsSwallowedAtOnce) {
  ScriptedDevice s;
  s.device->card_inserted();
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_ICC_PRESENCE).output, Bytes{std::byte{2}});
}

TEST(DeviceAttribute, EmptySerialNumberIsNotSupported) {
  ScriptedDevice s({}, {}, {Rdf::RDF_IOCTL_VENDOR});
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_VENDOR_IFD_SERIAL_NO).status,
            Status::NOT_SUPPORTED);
}

TEST(DeviceAttribute, InputMustBeOneUlong) {
  ScriptedDevice s;
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_GET_ATTRIBUTE, Bytes(3), 64).status,
            Status::INVALID_PARAMETER);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_GET_ATTRIBUTE, Bytes(5), 64).status,
            Status::INVALID_PARAMETER);
  EXPECT_EQ(test::ioctl(*s.device, IOCTL_SMARTCARD_SET_ATTRIBUTE, Bytes(3), 0).status,
            Status::INVALID_PARAMETER);
}

TEST(DeviceAttribute, UnknownIdsGoToTheVendorCallback) {
  ScriptedDevice s;
  s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::SUCCESS, {std::byte{0x42}}, {}});
  const Outcome o = test::get_attribute(*s.device, 0x0007A007);
  EXPECT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, Bytes{std::byte{0x42}});
  const auto call = s.driver.calls(Rdf::RDF_IOCTL_VENDOR).at(0);
  EXPECT_EQ(call.major, IOCTL_SMARTCARD_GET_ATTRIBUTE);
  EXPECT_EQ(call.minor, 0x0007A007u);
  s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::SUCCESS, {}, {}});
  EXPECT_EQ(test::set_attribute(*s.device, SCARD_ATTR_VENDOR_NAME, text("x")).status,
            Status::SUCCESS);
  EXPECT_EQ(s.driver.calls(Rdf::RDF_IOCTL_VENDOR).at(1).major, IOCTL_SMARTCARD_SET_ATTRIBUTE);
}

TEST(DeviceAttribute, UnknownIdsWithoutVendorCallbackAreNotSupported) {
  ScriptedDevice s({}, {}, {Rdf::RDF_IOCTL_VENDOR});
  EXPECT_EQ(test::get_attribute(*s.device, 0x0007A007).status, Status::NOT_SUPPORTED);
  EXPECT_EQ(test::set_attribute(*s.device, 0x0007A007, test::ulong_buffer(1)).status,
            Status::NOT_SUPPORTED);
  EXPECT_EQ(test::set_attribute(*s.device, SCARD_ATTR_VENDOR_NAME, text("x")).status,
            Status::NOT_SUPPORTED);
}

TEST(DeviceAttribute, SettableAttributesTakeZeroOrOne) {
  ScriptedDevice s({}, {}, {Rdf::RDF_IOCTL_VENDOR});
  for (std::uint32_t id : {SCARD_ATTR_DEVICE_IN_USE, SCARD_ATTR_SUPRESS_T1_IFS_REQUEST}) {
    SCOPED_TRACE(attribute_name(id));
    EXPECT_EQ(test::set_attribute(*s.device, id, test::ulong_buffer(1)).status, Status::SUCCESS);
    EXPECT_EQ(test::get_attribute(*s.device, id).output, test::ulong_buffer(1));
    EXPECT_EQ(test::set_attribute(*s.device, id, test::ulong_buffer(2)).status,
              Status::INVALID_PARAMETER);
    EXPECT_EQ(test::set_attribute(*s.device, id, Bytes(3)).status, Status::INVALID_PARAMETER);
    EXPECT_EQ(test::set_attribute(*s.device, id, {}).status, Status::INVALID_PARAMETER);
    EXPECT_EQ(test::get_attribute(*s.device, id).output, test::ulong_buffer(1));
    EXPECT_EQ(test::set_attribute(*s.device, id, test::ulong_buffer(0)).status, Status::SUCCESS);
    EXPECT_EQ(test::get_attribute(*s.device, id).output, test::ulong_buffer(0));
  }
}

TEST(DeviceAttribute, SuppressReachesTheProtocolState) {
  ScriptedDevice s;
  bool seen = false;
  s.driver.script(Rdf::RDF_IOCTL_VENDOR, Step{Status::SUCCESS, {}, [&](CallbackParams& p) {
                                                seen = p.protocol->suppress_t1_ifs_request;
                                              }});
  test::set_attribute(*s.device, SCARD_ATTR_SUPRESS_T1_IFS_REQUEST, test::ulong_buffer(1));
  test::ioctl(*s.device, SCARD_CTL_CODE(2048));
  EXPECT_TRUE(seen);
}

TEST(DeviceAttribute, ExtendedBwtUsesTheLastWtx) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  s.driver.script(Rdf::RDF_TRANSMIT,
                  Step{Status::SUCCESS, test::io_request(SCARD_PROTOCOL_T1, {0x90, 0x00}),
                       [](CallbackParams& p) { p.protocol->wtx_multiplier = 3; }});
  test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00});
  const std::uint32_t bwt = s.device->card().bwt_us;
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_EXTENDED_BWT).output,
            test::ulong_buffer(bwt * 3));
}

TEST(DeviceAttribute, EbcEncodingFollowsTheCard) {
  ScriptedDevice s;
  test::bring_to_specific(*s.device);
  s.driver.script(Rdf::RDF_IOCTL_VENDOR,
                  Step{Status::SUCCESS, {}, [](CallbackParams& p) { p.card->edc = Edc::crc; }});
  test::ioctl(*s.device, SCARD_CTL_CODE(2048));
  EXPECT_EQ(test::get_attribute(*s.device, SCARD_ATTR_CURRENT_EBC_ENCODING).output,
            test::ulong_buffer(1));
}

}  // namespace
}  // namespace readerkit

namespace readerkit {
namespace {

// Device::reader() is a snapshot of the published capabilities: a callback's change appears
// once the callback has returned, and a copy taken earlier never changes under its holder.
TEST(DeviceAttributes, ReaderIsASnapshotPublishedWhenTheCallbackReturns) {
  std::unique_ptr<Device> device;
  std::uint32_t seen_inside = 0;
  CallbackTable table;
  table[Rdf::RDF_IOCTL_VENDOR] = [&](CallbackParams& p) {
    p.reader->current_clk_khz = 5000;
    seen_inside = device->reader().current_clk_khz;
    return Status::SUCCESS;
  };
  device = std::make_unique<Device>(std::move(table), test_reader());
  const ReaderCapabilities before = device->reader();
  Bytes out(16);
  ASSERT_EQ(device->control(IOCTL_SMARTCARD_GET_ATTRIBUTE, le32_bytes(0x0007A007), out).status,
            Status::SUCCESS);
  EXPECT_EQ(seen_inside, 4000u);  // not published while the callback runs
  EXPECT_EQ(before.current_clk_khz, 4000u);
  EXPECT_EQ(device->reader().current_clk_khz, 5000u);
}

}  // namespace
}  // namespace readerkit
