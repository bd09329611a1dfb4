// SPDX-License-Identifier: MIT
// The §7 status table: every row's NTSTATUS, name, Win32 and IFD codes.
#include "readerkit/status.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "readerkit/log.hpp"

#include <vector>

namespace readerkit {
namespace {

struct Row {
  Status status;
  std::uint32_t nt;
  const char* name;
  std::uint32_t win32;
  long ifd;  // -1: none
};

// Transcribed from docs/contract/ioctl.md §7.
const std::vector<Row> kContract = {
    {Status::SUCCESS, 0x00000000, "STATUS_SUCCESS", 0, 0},
    {Status::PENDING, 0x00000103, "STATUS_PENDING", 997, -1},
    {Status::BUFFER_OVERFLOW, 0x80000005, "STATUS_BUFFER_OVERFLOW", 234, -1},
    {Status::DEVICE_BUSY, 0x80000011, "STATUS_DEVICE_BUSY", 170, 612},
    {Status::INVALID_PARAMETER, 0xC000000D, "STATUS_INVALID_PARAMETER", 87, 612},
    {Status::INVALID_DEVICE_REQUEST, 0xC0000010, "STATUS_INVALID_DEVICE_REQUEST", 1, 606},
    {Status::UNRECOGNIZED_MEDIA, 0xC0000014, "STATUS_UNRECOGNIZED_MEDIA", 1785, 608},
    {Status::MORE_PROCESSING_REQUIRED, 0xC0000016, "STATUS_MORE_PROCESSING_REQUIRED", 234, -1},
    {Status::BUFFER_TOO_SMALL, 0xC0000023, "STATUS_BUFFER_TOO_SMALL", 122, 618},
    {Status::DELETE_PENDING, 0xC0000056, "STATUS_DELETE_PENDING", 5, 617},
    {Status::INSUFFICIENT_RESOURCES, 0xC000009A, "STATUS_INSUFFICIENT_RESOURCES", 1450, 612},
    {Status::IO_TIMEOUT, 0xC00000B5, "STATUS_IO_TIMEOUT", 121, 613},
    {Status::NOT_SUPPORTED, 0xC00000BB, "STATUS_NOT_SUPPORTED", 50, 614},
    {Status::CANCELLED, 0xC0000120, "STATUS_CANCELLED", 995, -1},
    {Status::NO_MEDIA, 0xC0000178, "STATUS_NO_MEDIA", 21, 616},
    {Status::INVALID_DEVICE_STATE, 0xC0000184, "STATUS_INVALID_DEVICE_STATE", 22, 612},
    {Status::DEVICE_PROTOCOL_ERROR, 0xC0000186, "STATUS_DEVICE_PROTOCOL_ERROR", 1117, 612},
};

TEST(Status, EveryRowMatchesTheContract) {
  for (const Row& row : kContract) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ntstatus(row.status), row.nt);
    EXPECT_EQ(status_name(row.status), row.name);
    EXPECT_EQ(win32_error(row.status), row.win32);
    if (row.ifd < 0) {
      EXPECT_FALSE(ifd_response_code(row.status).has_value());
    } else {
      EXPECT_EQ(ifd_response_code(row.status), row.ifd);
    }
  }
}

TEST(Status, NamesRoundTripWithAndWithoutPrefix) {
  for (const Row& row : kContract) {
    EXPECT_EQ(status_from_name(row.name), row.status);
    EXPECT_EQ(status_from_name(std::string_view(row.name).substr(7)), row.status);
    EXPECT_EQ(status_from_ntstatus(row.nt), row.status);
  }
  EXPECT_EQ(status_from_name("status_no_media"), Status::NO_MEDIA);
  EXPECT_FALSE(status_from_name("STATUS_NOPE").has_value());
  EXPECT_FALSE(status_from_name("").has_value());
  EXPECT_FALSE(status_from_ntstatus(0xC0000001).has_value());
}

TEST(Status, FailureIsTheHighBit) {
  EXPECT_FALSE(is_failure(Status::SUCCESS));
  EXPECT_FALSE(is_failure(Status::PENDING));
  EXPECT_TRUE(is_failure(Status::DEVICE_BUSY));
  EXPECT_TRUE(is_failure(Status::BUFFER_OVERFLOW));
  EXPECT_TRUE(is_failure(Status::CANCELLED));
  EXPECT_TRUE(is_failure(Status::NO_MEDIA));
}

TEST(Status, ValueOutsideTheTableHasAFallback) {
  const auto odd = static_cast<Status>(0xC0000001);
  EXPECT_EQ(status_name(odd), "STATUS_UNKNOWN");
  EXPECT_EQ(ifd_response_code(odd), 612);
}

// The status → log level table (docs/device.md "Logging"): faults of the reader, the card
// link or the library are ERROR; everything a client or the slot's state explains is IOCTL.
TEST(Status, OnlyFaultsAreLoggedAsErrors) {
  const std::vector<Status> faults = {Status::UNRECOGNIZED_MEDIA, Status::INSUFFICIENT_RESOURCES,
                                      Status::IO_TIMEOUT, Status::DEVICE_PROTOCOL_ERROR};
  for (const Row& row : kContract) {
    const bool fault = std::find(faults.begin(), faults.end(), row.status) != faults.end();
    EXPECT_EQ(status_log_level(row.status), fault ? LogLevel::ERROR : LogLevel::IOCTL) << row.name;
  }
  EXPECT_EQ(status_log_level(Status::NOT_SUPPORTED), LogLevel::IOCTL);
  EXPECT_EQ(status_log_level(Status::INVALID_PARAMETER), LogLevel::IOCTL);
}

}  // namespace
}  // namespace readerkit
