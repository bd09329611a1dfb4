// SPDX-License-Identifier: MIT
// Historical bytes (ISO/IEC 7816-4 §8.1.1) of real cards, decoded by hand from the standard's
// tables, and the malformed layouts.
#include "readerkit/historical.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "protocol_test_util.hpp"

namespace readerkit {
namespace {

using test::hex;
using ::testing::ElementsAre;

// OpenPGP card v2: 00 | 31 C5 | 73 C0 01 40 | 00 90 00.
TEST(Historical, CategoryZeroEndsWithAnUncodedStatusIndicator) {
  HistoricalBytes h = decode_historical_bytes(hex("0031C573C00140009000"));
  EXPECT_EQ(h.format, HistoricalFormat::compact_tlv_and_status);
  EXPECT_FALSE(h.malformed);
  ASSERT_EQ(h.objects.size(), 2u);
  EXPECT_EQ(h.objects[0].tag, 0x3);
  EXPECT_EQ(h.objects[0].value, hex("C5"));
  EXPECT_EQ(h.objects[1].tag, 0x7);
  EXPECT_EQ(h.objects[1].value, hex("C00140"));
  ASSERT_TRUE(h.status);
  EXPECT_EQ(h.status->lcs, 0x00);
  EXPECT_EQ(h.status->sw, 0x9000);
}

// YubiKey 5: 80 | 73 C0 21 C0 | 57 "YubiKey".
TEST(Historical, CategoryEightyIsCompactTlvOnly) {
  HistoricalBytes h = decode_historical_bytes(hex("8073C021C05759756269 4B6579"));
  EXPECT_EQ(h.format, HistoricalFormat::compact_tlv);
  ASSERT_EQ(h.objects.size(), 2u);
  EXPECT_EQ(compact_tag_name(h.objects[0].tag), "card_capabilities");
  EXPECT_EQ(compact_tag_name(h.objects[1].tag), "card_issuer_data");
  EXPECT_EQ(h.objects[1].value, hex("597562694B6579"));
  EXPECT_FALSE(h.status);
}

TEST(Historical, StatusIndicatorAsATagTakesOneTwoOrThreeBytes) {
  EXPECT_EQ(decode_historical_bytes(hex("808105")).status->lcs, 0x05);
  auto two = decode_historical_bytes(hex("80829000")).status;
  EXPECT_FALSE(two->lcs);
  EXPECT_EQ(two->sw, 0x9000);
  auto three = decode_historical_bytes(hex("8083076A82")).status;
  EXPECT_EQ(three->lcs, 0x07);
  EXPECT_EQ(three->sw, 0x6A82);
  EXPECT_FALSE(decode_historical_bytes(hex("8080")).status);  // empty: no indicator
}

TEST(Historical, DirReferenceAndOtherCategories) {
  HistoricalBytes dir = decode_historical_bytes(hex("1042"));
  EXPECT_EQ(dir.format, HistoricalFormat::dir_data_reference);
  EXPECT_EQ(dir.dir_data_reference, 0x42);
  EXPECT_EQ(decode_historical_bytes(hex("8501")).format, HistoricalFormat::rfu);
  EXPECT_EQ(decode_historical_bytes(hex("524B53494D")).format, HistoricalFormat::proprietary);
  EXPECT_EQ(decode_historical_bytes({}).format, HistoricalFormat::absent);
}

TEST(Historical, MalformedLayoutsAreFlaggedAndNeverOverrun) {
  EXPECT_TRUE(decode_historical_bytes(hex("804F0CA000")).malformed);  // length 15, 3 present
  EXPECT_TRUE(decode_historical_bytes(hex("009000")).malformed);      // no room for status
  EXPECT_TRUE(decode_historical_bytes(hex("10")).malformed);          // reference missing
  HistoricalBytes cut = decode_historical_bytes(hex("8031C57302"));
  EXPECT_TRUE(cut.malformed);
  ASSERT_EQ(cut.objects.size(), 1u);  // the complete object before the cut is kept
}

TEST(Historical, CardServiceDataBits) {
  EXPECT_THAT(card_service_data_flags(0xC5),
              ElementsAre("select-by-full-df-name", "select-by-partial-df-name",
                          "ef-dir-access-get-data", "no-mf"));
  EXPECT_THAT(card_service_data_flags(0x38),
              ElementsAre("bertlv-in-ef-dir", "bertlv-in-ef-atr", "ef-dir-access-read-binary",
                          "mf"));
}

TEST(Historical, CardCapabilitiesThreeTables) {
  EXPECT_THAT(card_capabilities_flags(hex("C00140")),
              ElementsAre("select-by-full-df-name", "select-by-partial-df-name",
                          "write-one-time", "tag-ff-invalid", "data-unit-quartets=2",
                          "extended-lc-le", "logical-channels=1"));
  EXPECT_THAT(card_capabilities_flags(hex("F6D1DF")),
              ElementsAre("select-by-full-df-name", "select-by-partial-df-name",
                          "select-by-path", "select-by-file-id", "short-ef-id", "record-number",
                          "ef-bertlv", "write-or", "tag-ff-valid", "data-unit-quartets=2",
                          "command-chaining", "extended-lc-le", "channel-assignment-by-card",
                          "channel-assignment-by-ifd", "logical-channels=8+"));
}

TEST(Historical, LifeCycleNames) {
  EXPECT_EQ(life_cycle_name(0x00), "no information");
  EXPECT_EQ(life_cycle_name(0x05), "operational (activated)");
  EXPECT_EQ(life_cycle_name(0x04), "operational (deactivated)");
  EXPECT_EQ(life_cycle_name(0x0F), "termination");
  EXPECT_EQ(life_cycle_name(0x02), "rfu");
  EXPECT_EQ(life_cycle_name(0x81), "proprietary");
}

}  // namespace
}  // namespace readerkit
