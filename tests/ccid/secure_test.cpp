// SPDX-License-Identifier: MIT
// PC_to_RDR_Secure against frames written out by hand from CCID rev 1.1 tables 6.1-11 and
// 6.1-12 and PC/SC part 10 §2.5.2-2.5.3, and the reader's answers mapped to part 10 words.
#include "readerkit/ccid/secure.hpp"

#include <gtest/gtest.h>

#include "fake_usb.hpp"
#include "readerkit/pinpad.hpp"

namespace readerkit::ccid {
namespace {

using testing::hex;

// bTimerOut 1E, bTimerOut2 00, ASCII left in an 8-byte block, 4..8 digits, validation key,
// one message, wLangId 0409, bMsgIndex 00, no prologue, template VERIFY 00 20 00 01 08 FF*8.
const Bytes kVerify =
    hex("1E 00 82 08 00 08 04 02 01 0904 00 000000 0D000000"
        "0020000108 FFFFFFFFFFFFFFFF");
// Current PIN at 0, new PIN at 8, confirmation and current PIN asked, three messages 00 01 02,
// template CHANGE REFERENCE DATA 00 24 00 01 10 FF*16.
const Bytes kModify =
    hex("00 00 82 08 00 00 08 08 04 03 02 03 0904 00 01 02 000000 15000000"
        "0024000110 FFFFFFFFFFFFFFFF FFFFFFFFFFFFFFFF");

TEST(CcidSecure, VerificationDropsTimerOut2AndDataLength) {
  auto c = secure(0, PinOperation::verify, kVerify);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->encode(5), hex("69 1C000000 00 05 00 0000"
                              "00 1E 82 08 00 08 04 02 01 0904 00 000000"
                              "0020000108 FFFFFFFFFFFFFFFF"));
}

TEST(CcidSecure, ModificationKeepsOffsetsConfirmationAndThreeMessages) {
  auto c = secure(1, PinOperation::modify, kModify);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->encode(0), hex("69 29000000 01 00 00 0000"
                              "01 00 82 08 00 00 08 08 04 03 02 03 0904 00 01 02 000000"
                              "0024000110 FFFFFFFFFFFFFFFF FFFFFFFFFFFFFFFF"));
}

TEST(CcidSecure, MalformedStructuresNeverReachTheReader) {
  Bytes short_data = kVerify;
  short_data.pop_back();  // ulDataLength now promises one byte more
  EXPECT_FALSE(secure(0, PinOperation::verify, short_data));
  EXPECT_FALSE(secure(0, PinOperation::verify, {}));
  EXPECT_FALSE(secure(0, PinOperation::modify, kVerify));  // a verify is not a modify
  Bytes past_template = kModify;
  past_template[6] = std::byte{0x10};  // the new PIN block would start beyond the template's data
  EXPECT_FALSE(secure(0, PinOperation::modify, past_template));
}

Response answer(std::uint8_t status, std::uint8_t error, Bytes data = {}) {
  Response r;
  r.type = RdrToPc::RDR_to_PC_DataBlock;
  r.status = status;
  r.error = error;
  r.data = std::move(data);
  return r;
}

TEST(CcidSecure, AnswersBecomeTheCardsResponseOrPart10Words) {
  EXPECT_EQ(*secure_answer(answer(0x00, 0x00, hex("9000"))), hex("9000"));
  EXPECT_EQ(*secure_answer(answer(0x00, 0x00, hex("63C2"))), hex("63C2"));
  EXPECT_EQ(*secure_answer(answer(0x40, 0xF0)), pin_error_sw(PinError::timeout));
  EXPECT_EQ(*secure_answer(answer(0x40, 0xEF)), pin_error_sw(PinError::cancelled));
  EXPECT_EQ(*secure_answer(answer(0x40, 0x0B)), pin_error_sw(PinError::invalid_structure));
  EXPECT_EQ(secure_answer(answer(0x42, 0xFE)).status(), Status::NO_MEDIA);
  EXPECT_EQ(secure_answer(answer(0x40, 0xFE)).status(), Status::IO_TIMEOUT);
  EXPECT_EQ(secure_answer(answer(0x40, 0xFB)).status(), Status::DEVICE_PROTOCOL_ERROR);
}

}  // namespace
}  // namespace readerkit::ccid
