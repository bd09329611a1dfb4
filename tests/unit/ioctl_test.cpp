// SPDX-License-Identifier: MIT
// Control codes of docs/contract/ioctl.md §2.
#include "readerkit/ioctl.hpp"

#include <gtest/gtest.h>

namespace readerkit {
namespace {

TEST(Ioctl, CodesMatchTheContractTable) {
  EXPECT_EQ(IOCTL_SMARTCARD_POWER, 0x00310004u);
  EXPECT_EQ(IOCTL_SMARTCARD_GET_ATTRIBUTE, 0x00310008u);
  EXPECT_EQ(IOCTL_SMARTCARD_SET_ATTRIBUTE, 0x0031000Cu);
  EXPECT_EQ(IOCTL_SMARTCARD_CONFISCATE, 0x00310010u);
  EXPECT_EQ(IOCTL_SMARTCARD_TRANSMIT, 0x00310014u);
  EXPECT_EQ(IOCTL_SMARTCARD_EJECT, 0x00310018u);
  EXPECT_EQ(IOCTL_SMARTCARD_SWALLOW, 0x0031001Cu);
  EXPECT_EQ(IOCTL_SMARTCARD_IS_PRESENT, 0x00310028u);
  EXPECT_EQ(IOCTL_SMARTCARD_IS_ABSENT, 0x0031002Cu);
  EXPECT_EQ(IOCTL_SMARTCARD_SET_PROTOCOL, 0x00310030u);
  EXPECT_EQ(IOCTL_SMARTCARD_GET_STATE, 0x00310038u);
  EXPECT_EQ(IOCTL_SMARTCARD_GET_LAST_ERROR, 0x0031003Cu);
  EXPECT_EQ(IOCTL_SMARTCARD_GET_PERF_CNTR, 0x00310040u);
}

TEST(Ioctl, NamesRoundTrip) {
  EXPECT_EQ(ioctl_name(IOCTL_SMARTCARD_TRANSMIT), "IOCTL_SMARTCARD_TRANSMIT");
  EXPECT_EQ(ioctl_from_name("IOCTL_SMARTCARD_TRANSMIT"), IOCTL_SMARTCARD_TRANSMIT);
  EXPECT_EQ(ioctl_from_name("get_state"), IOCTL_SMARTCARD_GET_STATE);
  EXPECT_EQ(ioctl_from_name("IS_ABSENT"), IOCTL_SMARTCARD_IS_ABSENT);
  EXPECT_FALSE(ioctl_from_name("IOCTL_SMARTCARD_").has_value());
  EXPECT_FALSE(ioctl_from_name("FROB").has_value());
  EXPECT_TRUE(ioctl_name(SCARD_CTL_CODE(2048)).empty());
  EXPECT_TRUE(ioctl_name(0x12345678).empty());
}

TEST(Ioctl, NumberOfWindowsFormCodes) {
  EXPECT_EQ(scard_ctl_number(IOCTL_SMARTCARD_POWER), 1u);
  EXPECT_EQ(scard_ctl_number(SCARD_CTL_CODE(4095)), 4095u);
  EXPECT_FALSE(scard_ctl_number(0x00310005).has_value());  // METHOD_IN_DIRECT
  EXPECT_FALSE(scard_ctl_number(0x00314004).has_value());  // FILE_READ_ACCESS
  EXPECT_FALSE(scard_ctl_number(0x00220004).has_value());  // another device type
  EXPECT_FALSE(scard_ctl_number(0x42000001).has_value());
}

TEST(Ioctl, PcscLiteFormConvertsToWindowsForm) {
  EXPECT_EQ(to_windows_form(0x42000001), IOCTL_SMARTCARD_POWER);
  EXPECT_EQ(to_windows_form(CM_IOCTL_GET_FEATURE_REQUEST_PCSCLITE), CM_IOCTL_GET_FEATURE_REQUEST);
  EXPECT_EQ(to_windows_form(IOCTL_SMARTCARD_POWER), IOCTL_SMARTCARD_POWER);
  EXPECT_EQ(to_windows_form(0x12345678), 0x12345678u);
}

TEST(Ioctl, VendorRangeIs2048To4095) {
  EXPECT_TRUE(is_vendor_ioctl(0x00312000));
  EXPECT_TRUE(is_vendor_ioctl(0x00313FFC));
  EXPECT_TRUE(is_vendor_ioctl(CM_IOCTL_GET_FEATURE_REQUEST));
  EXPECT_FALSE(is_vendor_ioctl(SCARD_CTL_CODE(2047)));
  EXPECT_FALSE(is_vendor_ioctl(IOCTL_SMARTCARD_POWER));
  EXPECT_FALSE(is_vendor_ioctl(0x00312001));
}

}  // namespace
}  // namespace readerkit
