// SPDX-License-Identifier: MIT
// The simulated reader's vendor IOCTLs (docs/sim.md "Vendor IOCTLs"), through Device::control.
#include "sim_fixture.hpp"
#include "sim_vendor.hpp"

namespace readerkit::sim::testing {
namespace {

Bytes firmware() {
  Bytes b;
  for (char c : kSimFirmware) b.push_back(static_cast<std::byte>(c));
  return b;
}

TEST(SimVendor, EscapeEchoesItsInput) {
  SimHost host;
  Bytes out;
  IoResult r = host.ioctl(SIM_IOCTL_ESCAPE, hex("0102A5FF"), out, 16);
  ASSERT_EQ(r.status, Status::SUCCESS);
  EXPECT_EQ(out, hex("0102A5FF"));
}

TEST(SimVendor, EscapeWithoutInputAnswersTheFirmware) {
  SimHost host;
  Bytes out;
  ASSERT_EQ(host.ioctl(SIM_IOCTL_ESCAPE, {}, out, 256).status, Status::SUCCESS);
  EXPECT_EQ(out, firmware());
}

TEST(SimVendor, EscapeWorksInPlace) {
  SimHost host;
  Bytes buffer = pattern(300);
  IoResult r = host.device().control(SIM_IOCTL_ESCAPE, buffer, buffer);
  ASSERT_EQ(r.status, Status::SUCCESS);
  EXPECT_EQ(r.information, 300u);
  EXPECT_EQ(buffer, pattern(300));
}

TEST(SimVendor, GetFirmwareAnswersTheFirmwareWithOrWithoutACard) {
  SimHost host({"card=absent"});
  Bytes out;
  ASSERT_EQ(host.ioctl(SIM_IOCTL_GET_FIRMWARE, hex("00"), out, 256).status, Status::SUCCESS);
  EXPECT_EQ(out, firmware());
  ASSERT_TRUE(host.command("card insert").ok);
  ASSERT_EQ(host.ioctl(SIM_IOCTL_GET_FIRMWARE, {}, out, 256).status, Status::SUCCESS);
  EXPECT_EQ(out, firmware());
}

TEST(SimVendor, OutputTooSmallIsBufferTooSmall) {
  SimHost host;
  Bytes out;
  IoResult r = host.ioctl(SIM_IOCTL_GET_FIRMWARE, {}, out, kSimFirmware.size() - 1);
  EXPECT_EQ(r.status, Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(r.information, 0u);
  EXPECT_EQ(host.ioctl(SIM_IOCTL_ESCAPE, hex("010203"), out, 2).status, Status::BUFFER_TOO_SMALL);
  EXPECT_EQ(host.device().last_error(), Status::BUFFER_TOO_SMALL);
}

TEST(SimVendor, UnknownVendorCodesAreInvalidDeviceRequests) {
  SimHost host;
  Bytes out;
  for (std::uint32_t n : {2049u, 3400u, 3499u, 3501u, 4095u}) {
    EXPECT_EQ(host.ioctl(SCARD_CTL_CODE(n), hex("01"), out, 64).status,
              Status::INVALID_DEVICE_REQUEST)
        << n;
  }
}

TEST(SimVendor, UnknownAttributesStayNotSupported) {
  SimHost host;
  Bytes out;
  EXPECT_EQ(host.ioctl(IOCTL_SMARTCARD_GET_ATTRIBUTE, le32_bytes(0x0009ABCD), out, 64).status,
            Status::NOT_SUPPORTED);
  Bytes set = concat(le32_bytes(0x0009ABCD), le32_bytes(1));
  EXPECT_EQ(host.ioctl(IOCTL_SMARTCARD_SET_ATTRIBUTE, set, out, 64).status, Status::NOT_SUPPORTED);
}

}  // namespace
}  // namespace readerkit::sim::testing
