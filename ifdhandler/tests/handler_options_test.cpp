// SPDX-License-Identifier: MIT
// DEVICENAME parsing: handler options are taken out, the driver SPEC stays intact.
#include "handler_options.hpp"

#include <gtest/gtest.h>

namespace readerkit::ifd {
namespace {

TEST(HandlerOptions, PlainSpecPassesThroughWithDefaults) {
  const ParsedDeviceName p = parse_device_name("sim:profile=t1:control=/run/readerkit/s.sock");
  EXPECT_EQ(p.kind, "sim");
  EXPECT_EQ(p.driver_spec, "sim:profile=t1:control=/run/readerkit/s.sock");
  EXPECT_FALSE(p.options.vendor_allowed);
  EXPECT_EQ(p.options.log_mask, kDefaultLogMask);
  EXPECT_TRUE(p.error.empty());
}

TEST(HandlerOptions, OnePairOfQuotesIsStripped) {
  const ParsedDeviceName p = parse_device_name("\"sim:profile=t0\"");
  EXPECT_EQ(p.driver_spec, "sim:profile=t0");
}

TEST(HandlerOptions, VendorAndLogAreRemovedBeforeTheDriverSeesThem) {
  const ParsedDeviceName p = parse_device_name("sim:vendor=allow:profile=t1:log=0x3f");
  EXPECT_EQ(p.driver_spec, "sim:profile=t1");
  EXPECT_TRUE(p.options.vendor_allowed);
  EXPECT_EQ(p.options.log_mask, 0x3Fu);
}

TEST(HandlerOptions, VendorDenyIsTheDefaultSpelledOut) {
  EXPECT_FALSE(parse_device_name("sim:vendor=deny").options.vendor_allowed);
}

TEST(HandlerOptions, BadOptionValuesAreErrors) {
  EXPECT_FALSE(parse_device_name("sim:vendor=yes").error.empty());
  EXPECT_FALSE(parse_device_name("sim:log=0xZZ").error.empty());
  EXPECT_FALSE(parse_device_name("sim:log=").error.empty());
}

TEST(HandlerOptions, PcapOptionsAreTheHandlersAndChecked) {
  const ParsedDeviceName p =
      parse_device_name("sim:profile=t1:pcap=/var/log/rk.pcap:pcap_max_mb=8:pcap_mask=on");
  EXPECT_EQ(p.driver_spec, "sim:profile=t1");
  EXPECT_EQ(p.options.pcap, "/var/log/rk.pcap");
  EXPECT_EQ(p.options.pcap_max_bytes, std::uint64_t{8} << 20);
  EXPECT_TRUE(p.options.pcap_mask);
  EXPECT_TRUE(p.error.empty());
  EXPECT_FALSE(parse_device_name("sim:pcap=relative.pcap").error.empty());
  EXPECT_FALSE(parse_device_name("sim:pcap=/x.pcap:pcap_max_mb=0").error.empty());
  EXPECT_FALSE(parse_device_name("sim:pcap=/x.pcap:pcap_max_mb=5000").error.empty());
  EXPECT_FALSE(parse_device_name("sim:pcap_mask=yes").error.empty());
}

TEST(HandlerOptions, FieldsWithoutKeysStayForTheDriver) {
  const ParsedDeviceName p = parse_device_name("vpcd:127.0.0.1:35963:vendor=allow");
  EXPECT_EQ(p.kind, "vpcd");
  EXPECT_EQ(p.driver_spec, "vpcd:127.0.0.1:35963");
  EXPECT_TRUE(p.options.vendor_allowed);
}

}  // namespace
}  // namespace readerkit::ifd
