// SPDX-License-Identifier: MIT
// SPEC fields of the vpcd reader (docs/contract/cli.md): positional host and port, reversed mode,
// options, and clear errors.
#include <gtest/gtest.h>

#include "readerkit/vpcd/vpcd_reader.hpp"

namespace readerkit::vpcd {
namespace {

VpcdConfig parse_ok(const std::vector<std::string>& fields) {
  VpcdConfig config;
  std::string error;
  EXPECT_TRUE(parse_vpcd_fields(fields, config, error)) << error;
  return config;
}

std::string parse_error(const std::vector<std::string>& fields) {
  VpcdConfig config;
  std::string error;
  EXPECT_FALSE(parse_vpcd_fields(fields, config, error));
  return error;
}

TEST(VpcdSpec, DefaultsToLoopbackAndVsmartcardPort) {
  auto c = parse_ok({});
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 35963);
  EXPECT_FALSE(c.reversed);
  EXPECT_EQ(c.slots, 1u);
}

TEST(VpcdSpec, HostAndPort) {
  auto c = parse_ok({"localhost", "4000"});
  EXPECT_EQ(c.host, "localhost");
  EXPECT_EQ(c.port, 4000);
}

TEST(VpcdSpec, EmptyHostKeepsLoopback) {
  EXPECT_EQ(parse_ok({"", "4000"}).host, "127.0.0.1");
}

TEST(VpcdSpec, PortZeroAsksForAFreePort) { EXPECT_EQ(parse_ok({"127.0.0.1", "0"}).port, 0); }

TEST(VpcdSpec, ConnectSelectsReversedMode) {
  auto c = parse_ok({"connect", "10.0.0.2", "35964"});
  EXPECT_TRUE(c.reversed);
  EXPECT_EQ(c.host, "10.0.0.2");
  EXPECT_EQ(c.port, 35964);
}

TEST(VpcdSpec, Options) {
  auto c = parse_ok({"127.0.0.1", "5000", "slots=2", "timeout=250", "reconnect=100"});
  EXPECT_EQ(c.slots, 2u);
  EXPECT_EQ(c.timeout.count(), 250);
  EXPECT_EQ(c.reconnect.count(), 100);
}

TEST(VpcdSpec, OptionsMayFollowTheHostAlone) {
  auto c = parse_ok({"127.0.0.1", "timeout=100"});
  EXPECT_EQ(c.port, 35963);
  EXPECT_EQ(c.timeout.count(), 100);
}

TEST(VpcdSpec, BadFieldsAreRefusedWithAReason) {
  EXPECT_NE(parse_error({"127.0.0.1", "70000"}).find("port"), std::string::npos);
  EXPECT_NE(parse_error({"127.0.0.1", "x1"}).find("port"), std::string::npos);
  EXPECT_NE(parse_error({"connect", "127.0.0.1", "0"}).find("port"), std::string::npos);
  EXPECT_NE(parse_error({"127.0.0.1", "1", "slots=0"}).find("slots"), std::string::npos);
  EXPECT_NE(parse_error({"127.0.0.1", "1", "timeout=abc"}).find("timeout"), std::string::npos);
  EXPECT_NE(parse_error({"127.0.0.1", "1", "colour=red"}).find("unknown"), std::string::npos);
  EXPECT_NE(parse_error({"127.0.0.1", "65535", "slots=2"}).find("65535"), std::string::npos);
  EXPECT_FALSE(parse_error({"127.0.0.1", "1", "extra"}).empty());
}

}  // namespace
}  // namespace readerkit::vpcd
