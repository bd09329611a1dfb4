// SPDX-License-Identifier: MIT
// The library level → pcscd priority table (docs/ifdhandler.md "Logging").
#include "pcscd_log.hpp"

#include <gtest/gtest.h>

namespace readerkit::ifd {
namespace {

TEST(PcscdLog, OnlyErrorLevelReachesErrorPriority) {
  EXPECT_EQ(pcscd_priority(LogLevel::ERROR), PcscLogPriority::error);
  EXPECT_EQ(pcscd_priority(LogLevel::DRIVER), PcscLogPriority::info);
  for (const LogLevel level :
       {LogLevel::IOCTL, LogLevel::ATR, LogLevel::PROTOCOL, LogLevel::TRACE}) {
    EXPECT_EQ(pcscd_priority(level), PcscLogPriority::debug) << log_level_name(level);
  }
}

// A request that ends NOT_SUPPORTED (an absent attribute) or INVALID_PARAMETER (a refused
// APDU) is traced at IOCTL, so pcscd shows it at debug priority only.
TEST(PcscdLog, RoutineOutcomesAreDebugFaultsAreErrors) {
  EXPECT_EQ(pcscd_priority(status_log_level(Status::NOT_SUPPORTED)), PcscLogPriority::debug);
  EXPECT_EQ(pcscd_priority(status_log_level(Status::INVALID_PARAMETER)), PcscLogPriority::debug);
  EXPECT_EQ(pcscd_priority(status_log_level(Status::NO_MEDIA)), PcscLogPriority::debug);
  EXPECT_EQ(pcscd_priority(status_log_level(Status::IO_TIMEOUT)), PcscLogPriority::error);
  EXPECT_EQ(pcscd_priority(status_log_level(Status::DEVICE_PROTOCOL_ERROR)),
            PcscLogPriority::error);
}

}  // namespace
}  // namespace readerkit::ifd
