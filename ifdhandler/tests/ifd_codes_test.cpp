// SPDX-License-Identifier: MIT
// Status -> IFD code per entry point: the overrides pcscd depends on.
#include "ifd_codes.hpp"

#include <gtest/gtest.h>

namespace readerkit::ifd {
namespace {

TEST(IfdCodes, SetProtocolFailuresMakePcscdTryTheOtherProtocol) {
  EXPECT_EQ(to_ifd_code(IfdFunction::set_protocol, Status::NOT_SUPPORTED), IFD_PROTOCOL_NOT_SUPPORTED);
  EXPECT_EQ(to_ifd_code(IfdFunction::set_protocol, Status::INVALID_DEVICE_REQUEST),
            IFD_PROTOCOL_NOT_SUPPORTED);
  EXPECT_EQ(to_ifd_code(IfdFunction::set_protocol, Status::NO_MEDIA), IFD_ICC_NOT_PRESENT);
}

TEST(IfdCodes, UnknownAttributesAreUnknownTags) {
  EXPECT_EQ(to_ifd_code(IfdFunction::get_capabilities, Status::NOT_SUPPORTED), IFD_ERROR_TAG);
  EXPECT_EQ(to_ifd_code(IfdFunction::get_capabilities, Status::BUFFER_TOO_SMALL),
            IFD_ERROR_INSUFFICIENT_BUFFER);
}

TEST(IfdCodes, ContractDefaultsElsewhere) {
  EXPECT_EQ(to_ifd_code(IfdFunction::transmit, Status::NO_MEDIA), IFD_ICC_NOT_PRESENT);
  EXPECT_EQ(to_ifd_code(IfdFunction::transmit, Status::IO_TIMEOUT), IFD_RESPONSE_TIMEOUT);
  EXPECT_EQ(to_ifd_code(IfdFunction::power, Status::UNRECOGNIZED_MEDIA), IFD_ERROR_POWER_ACTION);
  EXPECT_EQ(to_ifd_code(IfdFunction::presence, Status::DELETE_PENDING), IFD_NO_SUCH_DEVICE);
  EXPECT_EQ(to_ifd_code(IfdFunction::control, Status::NOT_SUPPORTED), IFD_ERROR_NOT_SUPPORTED);
}

TEST(IfdCodes, StatusesWithoutAContractCodeAreCommunicationErrors) {
  EXPECT_EQ(to_ifd_code(IfdFunction::transmit, Status::CANCELLED), IFD_COMMUNICATION_ERROR);
  EXPECT_EQ(to_ifd_code(IfdFunction::transmit, Status::PENDING), IFD_COMMUNICATION_ERROR);
}

}  // namespace
}  // namespace readerkit::ifd
