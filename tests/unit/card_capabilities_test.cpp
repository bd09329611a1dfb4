// SPDX-License-Identifier: MIT
// update_card_capabilities / update_card_timing: the ATR becomes the parameters in use.
#include "readerkit/capabilities.hpp"

#include <gtest/gtest.h>

#include "protocol_test_util.hpp"

namespace readerkit {
namespace {

using test::hex;

CardCapabilities with_atr(std::string_view atr) {
  CardCapabilities c;
  c.atr = hex(atr);
  return c;
}

TEST(CardCapabilities, T1CardFillsParameters) {
  CardCapabilities card =
      with_atr("3B DA 18 FF 81 B1 FE 75 1F 03 00 31 C5 73 C0 01 40 00 90 00 0C");
  ReaderCapabilities reader;
  ASSERT_EQ(update_card_capabilities(card, reader, {}), Status::SUCCESS);
  ASSERT_TRUE(card.atr_info);
  EXPECT_EQ(card.protocol_types, SCARD_PROTOCOL_T1);
  EXPECT_FALSE(card.inverse_convention);
  EXPECT_EQ(card.f, 372u);  // negotiable mode: defaults until PPS
  EXPECT_EQ(card.d, 1u);
  EXPECT_EQ(card.n, 255u);
  EXPECT_EQ(card.ifsc, 254u);
  EXPECT_EQ(card.ifsd, 32u);
  EXPECT_EQ(card.edc, Edc::lrc);
  EXPECT_EQ(card.protocol_selected, SCARD_PROTOCOL_UNDEFINED);
  const AtrTiming t = atr_timing(*card.atr_info, reader.current_clk_khz, 372, 1);
  EXPECT_EQ(card.bwt_us, t.bwt_us);
  EXPECT_EQ(card.cwt_us, t.cwt_us);
  EXPECT_EQ(card.wt_us, t.wt_us);
  EXPECT_GT(card.bwt_us, 12'000'000u);  // BWI 7 at 3.58 MHz: about 12.8 s
}

TEST(CardCapabilities, SpecificModeUsesTa1UnlessImplicit) {
  CardCapabilities card = with_atr("3B 90 18 11 01 98");
  ASSERT_EQ(update_card_capabilities(card, {}, {}), Status::SUCCESS);
  EXPECT_EQ(card.f, 372u);
  EXPECT_EQ(card.d, 12u);
  EXPECT_EQ(card.protocol_selected, SCARD_PROTOCOL_T1);
  CardCapabilities implicit = with_atr("3B 90 18 11 11 88");
  ASSERT_EQ(update_card_capabilities(implicit, {}, {}), Status::SUCCESS);
  EXPECT_EQ(implicit.d, 1u);
}

TEST(CardCapabilities, InverseAtrIsStoredInLogicalValues) {
  CardCapabilities card = with_atr("03 FF");
  ASSERT_EQ(update_card_capabilities(card, {}, {}), Status::SUCCESS);
  EXPECT_TRUE(card.inverse_convention);
  EXPECT_EQ(to_hex(card.atr), "3F00");
  EXPECT_EQ(card.protocol_types, SCARD_PROTOCOL_T0);
}

TEST(CardCapabilities, StrictRejectsAndLenientAcceptsWrongTck) {
  CardCapabilities strict = with_atr("3B 80 01 00");
  EXPECT_EQ(update_card_capabilities(strict, {}, {}), Status::UNRECOGNIZED_MEDIA);
  EXPECT_FALSE(strict.atr_info);
  EXPECT_EQ(to_hex(strict.atr), "3B800100");
  CardCapabilities lenient = with_atr("3B 80 01 00");
  EXPECT_EQ(update_card_capabilities(lenient, {}, {true}), Status::SUCCESS);
  EXPECT_EQ(lenient.protocol_types, SCARD_PROTOCOL_T1);
}

TEST(CardCapabilities, LenientRfuFiDiUsesDefaults) {
  CardCapabilities card = with_atr("3B 90 71 11 01 F1");  // TA1 RFU Fi, TA2 specific
  EXPECT_EQ(update_card_capabilities(card, {}, {}), Status::UNRECOGNIZED_MEDIA);
  card = with_atr("3B 90 71 11 01 F1");
  ASSERT_EQ(update_card_capabilities(card, {}, {true}), Status::SUCCESS);
  EXPECT_EQ(card.f, 372u);
  EXPECT_EQ(card.d, 1u);
}

TEST(CardCapabilities, InvalidIfscFallsBackTo32InLenientUse) {
  CardCapabilities card = with_atr("3B 80 81 11 FF EF");
  EXPECT_EQ(update_card_capabilities(card, {}, {true}), Status::UNRECOGNIZED_MEDIA);
}

TEST(CardCapabilities, TimingFollowsClockAndD) {
  CardCapabilities card = with_atr("3B 80 01 81");
  ReaderCapabilities reader;
  ASSERT_EQ(update_card_capabilities(card, reader, {}), Status::SUCCESS);
  const std::uint32_t slow = card.cwt_us;
  card.d = 4;
  reader.current_clk_khz = 3580 * 2;
  update_card_timing(card, reader);
  EXPECT_NEAR(card.cwt_us, slow / 8.0, 2);
}

}  // namespace
}  // namespace readerkit
