// SPDX-License-Identifier: MIT
// Names of card states, power actions, protocol masks and reader types.
#include "readerkit/card.hpp"

#include <gtest/gtest.h>

namespace readerkit {
namespace {

TEST(Card, StateNames) {
  EXPECT_EQ(card_state_name(CardState::SCARD_UNKNOWN), "SCARD_UNKNOWN");
  EXPECT_EQ(card_state_name(CardState::SCARD_ABSENT), "SCARD_ABSENT");
  EXPECT_EQ(card_state_name(CardState::SCARD_SWALLOWED), "SCARD_SWALLOWED");
  EXPECT_EQ(card_state_name(CardState::SCARD_SPECIFIC), "SCARD_SPECIFIC");
  EXPECT_EQ(static_cast<std::uint32_t>(CardState::SCARD_NEGOTIABLE), 5u);
}

TEST(Card, PowerActionNames) {
  EXPECT_EQ(power_action_name(0), "SCARD_POWER_DOWN");
  EXPECT_EQ(power_action_name(1), "SCARD_COLD_RESET");
  EXPECT_EQ(power_action_name(2), "SCARD_WARM_RESET");
  EXPECT_TRUE(power_action_name(3).empty());
}

TEST(Card, ProtocolMaskNames) {
  EXPECT_EQ(protocol_mask_name(SCARD_PROTOCOL_T0), "T0");
  EXPECT_EQ(protocol_mask_name(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), "T0,T1");
  EXPECT_EQ(protocol_mask_name(SCARD_PROTOCOL_RAW), "RAW");
  EXPECT_EQ(protocol_mask_name(SCARD_PROTOCOL_T1 | SCARD_PROTOCOL_DEFAULT), "T1|DEFAULT");
  EXPECT_EQ(protocol_mask_name(0), "UNDEFINED");
}

TEST(Card, ProtocolMaskParsing) {
  EXPECT_EQ(protocol_mask_from_name("T0"), SCARD_PROTOCOL_T0);
  EXPECT_EQ(protocol_mask_from_name("t1"), SCARD_PROTOCOL_T1);
  EXPECT_EQ(protocol_mask_from_name("T0,T1"), SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  EXPECT_EQ(protocol_mask_from_name("T0|T1"), SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  EXPECT_EQ(protocol_mask_from_name("raw"), SCARD_PROTOCOL_RAW);
  EXPECT_EQ(protocol_mask_from_name("T1|DEFAULT"), SCARD_PROTOCOL_T1 | SCARD_PROTOCOL_DEFAULT);
  EXPECT_FALSE(protocol_mask_from_name("").has_value());
  EXPECT_FALSE(protocol_mask_from_name("T2").has_value());
  EXPECT_FALSE(protocol_mask_from_name("T0,").has_value());
  EXPECT_FALSE(protocol_mask_from_name("DEFAULT").has_value());
}

TEST(Card, ReaderTypeNames) {
  EXPECT_EQ(reader_type_name(ReaderType::SCARD_READER_TYPE_USB), "SCARD_READER_TYPE_USB");
  EXPECT_EQ(reader_type_name(ReaderType::SCARD_READER_TYPE_VENDOR), "SCARD_READER_TYPE_VENDOR");
}

}  // namespace
}  // namespace readerkit
