// SPDX-License-Identifier: MIT
// The pcsc: driver's tables: PC/SC results to statuses, and the SPEC fields.
#include <gtest/gtest.h>

#include "pcsc_status.hpp"
#include "readerkit/card.hpp"
#include "readerkit/pcsc/pcsc_reader.hpp"
#include "winscard_api.hpp"

namespace readerkit::pcsc {
namespace {

struct Expected {
  LONG rv;
  Status status;
};

// One row per kind of outcome a request can have (docs/pcsc.md "Statuses").
TEST(PcscStatus, EveryResultMapsAsDocumented) {
  const Expected rows[] = {
      {SCARD_S_SUCCESS, Status::SUCCESS},
      {SCARD_E_NO_SMARTCARD, Status::NO_MEDIA},
      {SCARD_W_REMOVED_CARD, Status::NO_MEDIA},
      {SCARD_E_NO_SERVICE, Status::NO_MEDIA},
      {SCARD_E_SERVICE_STOPPED, Status::NO_MEDIA},
      {SCARD_E_UNKNOWN_READER, Status::NO_MEDIA},
      {SCARD_E_READER_UNAVAILABLE, Status::NO_MEDIA},
      {SCARD_E_SHARING_VIOLATION, Status::DEVICE_BUSY},
      {SCARD_E_TIMEOUT, Status::IO_TIMEOUT},
      {SCARD_W_UNRESPONSIVE_CARD, Status::IO_TIMEOUT},
      {SCARD_E_CANCELLED, Status::CANCELLED},
      {SCARD_W_UNSUPPORTED_CARD, Status::UNRECOGNIZED_MEDIA},
      {SCARD_W_RESET_CARD, Status::INVALID_DEVICE_STATE},
      {SCARD_E_PROTO_MISMATCH, Status::NOT_SUPPORTED},
      {SCARD_E_INSUFFICIENT_BUFFER, Status::BUFFER_TOO_SMALL},
      {SCARD_E_INVALID_PARAMETER, Status::INVALID_PARAMETER},
      {SCARD_E_NO_MEMORY, Status::INSUFFICIENT_RESOURCES},
      {SCARD_F_COMM_ERROR, Status::DEVICE_PROTOCOL_ERROR},
  };
  for (const Expected& row : rows) {
    EXPECT_EQ(status_from_pcsc(row.rv), row.status) << pcsc_result_name(row.rv);
    EXPECT_FALSE(pcsc_result_name(row.rv).empty()) << std::hex << row.rv;
  }
}

TEST(PcscStatus, AnUnknownResultIsAProtocolErrorNeverSuccess) {
  EXPECT_EQ(status_from_pcsc(0x80100099), Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_EQ(status_from_pcsc(1), Status::DEVICE_PROTOCOL_ERROR);
  EXPECT_TRUE(pcsc_result_name(0x80100099).empty());
}

TEST(PcscSpec, NameFirstThenOptions) {
  PcscConfig c;
  std::string error;
  ASSERT_TRUE(parse_pcsc_fields({"Yubico", "share=exclusive", "protocol=T0", "vendor=allow"}, c,
                                error));
  EXPECT_EQ(c.name_substring, "Yubico");
  EXPECT_TRUE(c.exclusive);
  EXPECT_EQ(c.protocols, SCARD_PROTOCOL_T0);
  EXPECT_TRUE(c.vendor_allowed);
}

TEST(PcscSpec, DefaultsAreTheFirstReaderSharedAnyProtocolVendorClosed) {
  for (const std::vector<std::string>& fields :
       {std::vector<std::string>{}, std::vector<std::string>{""}}) {
    PcscConfig c;
    std::string error;
    ASSERT_TRUE(parse_pcsc_fields(fields, c, error));
    EXPECT_EQ(c.name_substring, "");
    EXPECT_FALSE(c.exclusive);
    EXPECT_EQ(c.protocols, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
    EXPECT_FALSE(c.vendor_allowed);
  }
  PcscConfig c;
  std::string error;
  ASSERT_TRUE(parse_pcsc_fields({"protocol=T1"}, c, error));  // options without a name
  EXPECT_EQ(c.name_substring, "");
  EXPECT_EQ(c.protocols, SCARD_PROTOCOL_T1);
}

TEST(PcscSpec, BadFieldsAreRefusedByName) {
  for (const char* bad : {"share=sometimes", "protocol=T2", "vendor=yes", "timeout=5"}) {
    PcscConfig c;
    std::string error;
    EXPECT_FALSE(parse_pcsc_fields({"RK", bad}, c, error)) << bad;
    EXPECT_NE(error.find(bad), std::string::npos) << error;
  }
}

TEST(PcscReader, RefusesToOpenInsidePcscd) {
  drivers::OpenOptions options;
  options.host_is_pcscd = true;
  std::string error;
  EXPECT_EQ(open_pcsc_reader({"RK"}, options, error), nullptr);
  EXPECT_NE(error.find("cannot be served by pcscd itself"), std::string::npos) << error;
}

}  // namespace
}  // namespace readerkit::pcsc
