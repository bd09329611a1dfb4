// SPDX-License-Identifier: MIT
// ATR decoding: every field and every error class (decode_atr, parse_atr, atr_timing).
#include "readerkit/atr.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "protocol_test_util.hpp"
#include "readerkit/inverse.hpp"

namespace readerkit {
namespace {

using test::hex;

AtrInfo decode(std::string_view text) {
  return decode_atr(hex(text));
}

TEST(Atr, MinimalAtrHasDefaults) {
  const AtrInfo a = decode("3B 00");
  EXPECT_TRUE(a.valid);
  EXPECT_EQ(a.error, AtrError::none);
  EXPECT_EQ(a.convention, Convention::direct);
  EXPECT_EQ(a.fi, 372u);
  EXPECT_EQ(a.di, 1u);
  EXPECT_EQ(a.fmax_khz, 5000u);
  EXPECT_EQ(a.n, 0u);
  EXPECT_EQ(a.wi, 10u);
  EXPECT_EQ(a.protocols, std::vector<std::uint8_t>{0});
  EXPECT_FALSE(a.ifsc.has_value());
  EXPECT_FALSE(a.edc.has_value());
  EXPECT_FALSE(a.tck_present);
  EXPECT_FALSE(a.tck_valid.has_value());
  EXPECT_FALSE(a.specific_protocol.has_value());
}

TEST(Atr, T1CardDecodesEveryField) {
  // OpenPGP card: TA1 18, TC1 FF, T=1 with IFSC FE, BWI 7 / CWI 5, T=15 TA4, 10 historical.
  const AtrInfo a = decode("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C");
  EXPECT_TRUE(a.valid) << atr_error_code(a.error);
  EXPECT_EQ(a.fi_index, 1);
  EXPECT_EQ(a.di_index, 8);
  EXPECT_EQ(a.fi, 372u);
  EXPECT_EQ(a.di, 12u);
  EXPECT_EQ(a.n, 255u);
  EXPECT_EQ(a.protocols, std::vector<std::uint8_t>{1});
  EXPECT_EQ(a.ifsc, 0xFE);
  EXPECT_EQ(a.bwi, 7);
  EXPECT_EQ(a.cwi, 5);
  EXPECT_EQ(a.edc, Edc::lrc);
  EXPECT_EQ(to_hex(a.historical_bytes), "0031C573C00140009000");
  EXPECT_TRUE(a.tck_present);
  EXPECT_EQ(a.tck_valid, true);
  ASSERT_EQ(a.groups.size(), 4u);
  EXPECT_EQ(a.groups[3].protocol, 15);
  EXPECT_EQ(a.groups[3].ta, 0x03);
  EXPECT_EQ(a.declared_length, 21u);
}

TEST(Atr, T0AndT1OfferedWithT1Defaults) {
  const AtrInfo a = decode("3B 8F 80 01 80 4F 0C A0 00 00 03 06 03 00 01 00 00 00 00 6A");
  EXPECT_TRUE(a.valid);
  EXPECT_EQ(a.protocols, (std::vector<std::uint8_t>{0, 1}));
  EXPECT_EQ(a.ifsc, 32);
  EXPECT_EQ(a.bwi, 4);
  EXPECT_EQ(a.cwi, 13);
  EXPECT_EQ(a.edc, Edc::lrc);
  EXPECT_TRUE(a.offers(0));
  EXPECT_TRUE(a.offers(1));
}

TEST(Atr, CrcSelectedByFirstTcAfterT1) {
  const AtrInfo a = decode("3B 80 81 71 FE 45 01 CA");
  EXPECT_TRUE(a.valid) << atr_error_code(a.error);
  EXPECT_EQ(a.edc, Edc::crc);
  EXPECT_EQ(a.bwi, 4);
  EXPECT_EQ(a.cwi, 5);
}

TEST(Atr, SpecificModeFromTa2) {
  const AtrInfo a = decode("3B 90 18 11 01 98");
  EXPECT_TRUE(a.valid);
  EXPECT_EQ(a.specific_protocol, 1);
  EXPECT_FALSE(a.specific_implicit);
  EXPECT_FALSE(a.specific_cannot_change);
  const AtrInfo b = decode("3B 90 18 11 91 08");
  EXPECT_TRUE(b.specific_implicit);
  EXPECT_TRUE(b.specific_cannot_change);
}

TEST(Atr, Tc2IsWorkWaitingIntegerAndTb1IsKept) {
  const AtrInfo a = decode("3B A0 25 40 14");  // TB1 25 (VPP, obsolete), TD1 says TC2 follows
  EXPECT_TRUE(a.valid) << atr_error_code(a.error);
  EXPECT_EQ(a.wi, 0x14u);
  EXPECT_EQ(a.groups[0].tb, 0x25);
}

TEST(Atr, InverseConventionBothSpellings) {
  const AtrInfo logical = decode("3F 00");
  EXPECT_TRUE(logical.valid);
  EXPECT_EQ(logical.convention, Convention::inverse);
  const AtrInfo raw = decode("03 FF");  // 3F 00 as read in direct convention
  EXPECT_TRUE(raw.valid);
  EXPECT_EQ(raw.convention, Convention::inverse);
  EXPECT_EQ(to_hex(raw.atr), "3F00");
}

struct ErrorCase {
  const char* atr;
  AtrError error;
  const char* code;
};

class AtrErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(AtrErrors, FirstProblemIsClassified) {
  const ErrorCase& c = GetParam();
  const AtrInfo a = decode(c.atr);
  EXPECT_FALSE(a.valid);
  EXPECT_EQ(a.error, c.error) << atr_error_code(a.error);
  EXPECT_EQ(atr_error_code(a.error), c.code);
  EXPECT_FALSE(parse_atr(hex(c.atr)).ok());
  EXPECT_EQ(parse_atr(hex(c.atr)).status(), Status::UNRECOGNIZED_MEDIA);
}

INSTANTIATE_TEST_SUITE_P(
    EveryClass, AtrErrors,
    ::testing::Values(
        ErrorCase{"3A 00", AtrError::bad_ts, "bad-ts"},
        ErrorCase{"", AtrError::truncated, "truncated"},
        ErrorCase{"3B", AtrError::truncated, "truncated"},
        ErrorCase{"3B 9F 96", AtrError::truncated, "truncated"},
        ErrorCase{"3B 05 41 42", AtrError::truncated, "truncated"},
        ErrorCase{"3B FF 11 00 00 F0 00 00 0A F0 00 00 00 F0 00 00 00 70 00 00 00 41 41 41 41 "
                  "41 41 41 41 41 41 41 41 41 41 41",
                  AtrError::too_long, "too-long"},
        ErrorCase{"3B 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
                  "00 00 00 00 00 00 00 00 00",
                  AtrError::too_long, "too-long"},
        ErrorCase{"3B 00 FF", AtrError::trailing_bytes, "trailing-bytes"},
        ErrorCase{"3B 80 01", AtrError::tck_missing, "tck-missing"},
        ErrorCase{"3B 80 01 00", AtrError::tck_wrong, "tck-wrong"},
        ErrorCase{"3B 80 0F 8F", AtrError::t15_in_td1, "t15-in-td1"},
        ErrorCase{"3B 10 71", AtrError::rfu_fi_di, "rfu-fi-di"},
        ErrorCase{"3B 10 10", AtrError::rfu_fi_di, "rfu-fi-di"},
        ErrorCase{"3B 80 81 11 FF EF", AtrError::rfu_value, "rfu-value"},
        ErrorCase{"3B 80 81 11 00 10", AtrError::rfu_value, "rfu-value"},
        ErrorCase{"3B 80 81 21 A5 85", AtrError::rfu_value, "rfu-value"},
        ErrorCase{"3B 80 40 00", AtrError::rfu_value, "rfu-value"}));

TEST(Atr, MalformedAtrStillDecodesWhatItCan) {
  const AtrInfo a = decode("3B 8A 80 01 41 42 43");  // 10 historical announced, 3 present
  EXPECT_EQ(a.error, AtrError::truncated);
  EXPECT_EQ(to_hex(a.historical_bytes), "414243");
  EXPECT_EQ(a.protocols, (std::vector<std::uint8_t>{0, 1}));
  const AtrInfo rfu = decode("3B 10 71");
  EXPECT_FALSE(rfu.fi.has_value());
  EXPECT_FALSE(rfu.fmax_khz.has_value());
  EXPECT_EQ(rfu.di, 1u);
}

TEST(Atr, TckWrongRecordsPresence) {
  const AtrInfo a = decode("3B 80 01 00");
  EXPECT_TRUE(a.tck_present);
  EXPECT_EQ(a.tck_valid, false);
}

TEST(Atr, EveryProblemIsListedInByteOrder) {
  const AtrInfo a = decode("3B 90 71 01 00");  // RFU Fi in TA1, then a wrong TCK
  ASSERT_EQ(a.errors.size(), 2u);
  EXPECT_EQ(a.errors[0], AtrError::rfu_fi_di);
  EXPECT_EQ(a.errors[1], AtrError::tck_wrong);
}

TEST(Atr, EveryProblemAtOnceFitsTheBound) {
  // Bad TS, RFU Fi in TA1, T=15 in TD1, TC2 0, IFSC 00, BWI 10, wrong TCK, 25 trailing bytes:
  // 34 bytes, so too long as well. ATR_MAX_ERRORS is this worst case.
  Bytes atr = hex("3A 90 71 CF 00 31 00 A5 00");
  atr.resize(34);
  const AtrInfo a = decode_atr(atr);
  const std::vector<AtrError> expected{
      AtrError::bad_ts,     AtrError::too_long,  AtrError::rfu_fi_di,
      AtrError::t15_in_td1, AtrError::rfu_value, AtrError::rfu_value,
      AtrError::rfu_value,  AtrError::tck_wrong, AtrError::trailing_bytes};
  static_assert(ATR_MAX_ERRORS == 9);
  EXPECT_EQ(a.errors, expected);
  EXPECT_EQ(a.error, AtrError::bad_ts);
}

/// TS, T0 with K historical bytes and TD1, `tds` TD bytes that each announce only the next TD
/// (T=0), a last TD naming T=1, the historical bytes 41 42 ..., and a correct TCK.
Bytes long_t1_atr(std::uint8_t ts, std::size_t tds, std::uint8_t k) {
  Bytes atr{std::byte{ts}, std::byte{static_cast<std::uint8_t>(0x80 | k)}};
  atr.insert(atr.end(), tds, std::byte{0x80});
  atr.push_back(std::byte{0x01});
  for (std::uint8_t i = 0; i < k; ++i)
    atr.push_back(std::byte{static_cast<std::uint8_t>(0x41 + i)});
  std::byte tck{0};
  for (std::size_t i = 1; i < atr.size(); ++i) tck ^= atr[i];
  atr.push_back(tck);
  return atr;
}

TEST(Atr, TooLongAnswerIsDecodedWholeAndKeepsItsFirst33Bytes) {
  const Bytes atr = long_t1_atr(0x3B, 36, 3);  // 43 bytes, 38 groups
  const AtrInfo a = decode_atr(atr);
  EXPECT_EQ(a.errors, std::vector<AtrError>{AtrError::too_long});
  EXPECT_EQ(a.declared_length, 43u);
  EXPECT_EQ(a.protocols, (std::vector<std::uint8_t>{0, 1}));
  EXPECT_EQ(a.ifsc, 32);
  EXPECT_EQ(to_hex(a.historical_bytes), "414243");
  EXPECT_TRUE(a.tck_present);
  EXPECT_EQ(a.tck_valid, true);
  EXPECT_EQ(a.tck, static_cast<std::uint8_t>(atr.back()));
  EXPECT_EQ(a.atr, std::span<const std::byte>(atr).first(ATR_MAX_LENGTH));
  EXPECT_EQ(a.groups.size(), ATR_MAX_GROUPS);  // 38 in the answer; the first 32 are kept
}

TEST(Atr, TooLongInverseAnswerIsConvertedAsItIsRead) {
  const Bytes logical = long_t1_atr(0x3F, 36, 3);
  Bytes raw;
  for (std::byte b : logical) raw.push_back(invert_byte(b));
  const AtrInfo a = decode_atr(raw);
  EXPECT_EQ(a.convention, Convention::inverse);
  EXPECT_EQ(a.errors, std::vector<AtrError>{AtrError::too_long});
  EXPECT_EQ(a.declared_length, 43u);
  EXPECT_EQ(to_hex(a.historical_bytes), "414243");
  EXPECT_EQ(a.tck_valid, true);
  EXPECT_EQ(a.tck, static_cast<std::uint8_t>(logical.back()));
  EXPECT_EQ(a.atr, std::span<const std::byte>(logical).first(ATR_MAX_LENGTH));
}

TEST(Atr, LongestValidAnswerHoldsThe32GroupBound) {
  // T0 and 31 TDs each announce only the next group: 33 bytes, 32 groups, T=0 only.
  Bytes atr = hex("3B 80");
  atr.insert(atr.end(), 30, std::byte{0x80});
  atr.push_back(std::byte{0x00});
  ASSERT_EQ(atr.size(), ATR_MAX_LENGTH);
  const AtrInfo a = decode_atr(atr);
  EXPECT_TRUE(a.valid) << atr_error_code(a.error);
  EXPECT_EQ(a.groups.size(), ATR_MAX_GROUPS);
  EXPECT_FALSE(a.groups.back().td.has_value());
  EXPECT_EQ(a.atr, atr);
}

TEST(AtrParse, LenientAcceptsTckAndRfuFiDiOnly) {
  const AtrParseOptions lenient{true};
  EXPECT_TRUE(parse_atr(hex("3B 80 01 00"), lenient).ok());
  EXPECT_TRUE(parse_atr(hex("3B 80 01"), lenient).ok());
  EXPECT_TRUE(parse_atr(hex("3B 90 71 01 00"), lenient).ok());
  EXPECT_EQ(parse_atr(hex("3B 00 FF"), lenient).status(), Status::UNRECOGNIZED_MEDIA);
  EXPECT_EQ(parse_atr(hex("3A 00"), lenient).status(), Status::UNRECOGNIZED_MEDIA);
  EXPECT_EQ(parse_atr(hex("3B 9F 96"), lenient).status(), Status::UNRECOGNIZED_MEDIA);
}

TEST(AtrTiming, DefaultsAt3580Khz) {
  const AtrInfo a = decode("3B 80 01 81");  // T=1 with default BWI 4, CWI 13
  const AtrTiming t = atr_timing(a, 3580, 372, 1);
  EXPECT_NEAR(t.etu_us, 103.91, 0.01);
  EXPECT_NEAR(t.wt_us, 997542, 2);           // 10 × 960 × 372 / 3.58 MHz
  EXPECT_NEAR(t.bwt_us, 1144 + 1596068, 3);  // 11 etu + 2^4 × 960 × 372 / f
  EXPECT_NEAR(t.cwt_us, 852379, 2);          // (11 + 2^13) etu
  EXPECT_EQ(t.gt_etu, 12u);
  EXPECT_NEAR(t.gt_us, 12 * 103.91, 2);
  EXPECT_NEAR(t.bgt_us, 22 * 103.91, 2);
}

TEST(AtrTiming, FasterDShortensEtuButNotBwtCycles) {
  const AtrInfo a = decode("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C");
  const AtrTiming t = atr_timing(a, 4000, 372, 12);
  EXPECT_NEAR(t.etu_us, 7.75, 0.01);
  EXPECT_NEAR(t.cwt_us, (11 + 32) * 7.75, 2);
  EXPECT_NEAR(t.bwt_us, 11 * 7.75 + 128.0 * 960 * 372 * 1000 / 4000, 3);
  EXPECT_EQ(t.gt_etu, 11u);  // N = 255 with T=1 only
  EXPECT_NEAR(t.gt_us, 11 * 7.75, 2);
}

TEST(AtrTables, FiDiTables) {
  EXPECT_EQ(fi_value(0), 372u);
  EXPECT_EQ(fmax_khz_value(0), 4000u);
  EXPECT_EQ(fi_value(13), 2048u);
  EXPECT_EQ(fmax_khz_value(10), 7500u);
  EXPECT_FALSE(fi_value(7));
  EXPECT_FALSE(fi_value(14));
  EXPECT_EQ(di_value(8), 12u);
  EXPECT_EQ(di_value(9), 20u);
  EXPECT_FALSE(di_value(0));
  EXPECT_FALSE(di_value(10));
}

}  // namespace
}  // namespace readerkit
