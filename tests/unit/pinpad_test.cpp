// SPDX-License-Identifier: MIT
// PIN pad structures and the APDUs they produce (PC/SC part 10 §2.5; CCID §6.1.11), checked
// against APDUs computed by hand, and every malformed structure refused.
#include "readerkit/pinpad.hpp"

#include <gtest/gtest.h>

#include "protocol_test_util.hpp"

namespace readerkit {
namespace {

using test::hex;

struct Fields {
  std::uint8_t format = 0x82;  // bytes, position 0, left, ASCII
  std::uint8_t block = 0x08;   // no length field, 8-byte block
  std::uint8_t length = 0x00;
  std::uint8_t min = 4, max = 8;
  std::string apdu = "0020000108FFFFFFFFFFFFFFFF";
  std::uint8_t offset_old = 0, offset_new = 8, confirm = 0;
  std::optional<std::uint32_t> data_length;  // ulDataLength when it must lie
};

void le16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::byte>(v & 0xFF));
  b.push_back(static_cast<std::byte>(v >> 8));
}

void tail(Bytes& b, const Fields& f, int msg_count) {
  b.push_back(std::byte{0x02});  // bEntryValidationCondition: validation key
  b.push_back(std::byte{0x01});  // bNumberMessage
  le16(b, 0x0409);               // wLangId
  for (int i = 0; i < msg_count; ++i) b.push_back(std::byte{0});
  for (int i = 0; i < 3; ++i) b.push_back(std::byte{0});  // bTeoPrologue
  const Bytes apdu = hex(f.apdu);
  const std::uint32_t n = f.data_length.value_or(static_cast<std::uint32_t>(apdu.size()));
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::byte>(n >> (8 * i)));
  b.insert(b.end(), apdu.begin(), apdu.end());
}

Bytes verify_structure(const Fields& f) {
  Bytes b{std::byte{30}, std::byte{0}, static_cast<std::byte>(f.format),
          static_cast<std::byte>(f.block), static_cast<std::byte>(f.length)};
  le16(b, static_cast<std::uint16_t>(f.min << 8 | f.max));
  tail(b, f, 1);
  return b;
}

Bytes modify_structure(const Fields& f) {
  Bytes b{std::byte{30},
          std::byte{0},
          static_cast<std::byte>(f.format),
          static_cast<std::byte>(f.block),
          static_cast<std::byte>(f.length),
          static_cast<std::byte>(f.offset_old),
          static_cast<std::byte>(f.offset_new)};
  le16(b, static_cast<std::uint16_t>(f.min << 8 | f.max));
  b.push_back(static_cast<std::byte>(f.confirm));
  tail(b, f, 3);
  return b;
}

std::string verify_apdu(const Fields& f, std::string_view digits) {
  auto v = parse_pin_verify(verify_structure(f));
  EXPECT_TRUE(v.has_value());
  if (!v) return "invalid";
  Bytes apdu;
  PinError e = build_verify_apdu(*v, digits, apdu);
  return e == PinError::none ? to_hex(apdu) : "error " + to_hex(pin_error_sw(e));
}

TEST(PinPad, StructureSizesAreThoseOfPart10) {
  EXPECT_EQ(verify_structure({}).size(), PIN_VERIFY_HEADER_SIZE + 13);
  EXPECT_EQ(modify_structure({}).size(), PIN_MODIFY_HEADER_SIZE + 13);
}

TEST(PinPad, AsciiLeftJustifiedInAnFfBlock) {
  EXPECT_EQ(verify_apdu({}, "1234"), "002000010831323334FFFFFFFF");
}

TEST(PinPad, AsciiRightJustified) {
  Fields f;
  f.format = 0x86;
  EXPECT_EQ(verify_apdu(f, "1234"), "0020000108FFFFFFFF31323334");
}

TEST(PinPad, BcdIso9564Format2WithLengthNibble) {
  Fields f;  // bytes, PIN at byte 1, BCD; 4-bit length at bit 4; 8-byte block
  f.format = 0x89;
  f.block = 0x48;
  f.length = 0x04;
  f.apdu = "002000800820FFFFFFFFFFFFFF";
  EXPECT_EQ(verify_apdu(f, "12345"), "00200080082512345FFFFFFFFF");
  EXPECT_EQ(verify_apdu(f, "1234"), "0020008008241234FFFFFFFFFF");
}

TEST(PinPad, BinaryDigitsOneBytePerDigit) {
  Fields f;
  f.format = 0x80;
  f.block = 0x04;
  f.max = 4;
  f.apdu = "002000010400000000";
  EXPECT_EQ(verify_apdu(f, "1234"), "002000010401020304");
}

TEST(PinPad, BcdRightJustifiedInBitUnits) {
  Fields f;
  f.format = 0x05;  // bits, position 0, right, BCD
  f.block = 0x04;
  f.min = 1;
  f.apdu = "0020000104FFFFFFFF";
  EXPECT_EQ(verify_apdu(f, "123"), "0020000104FFFFF123");
}

TEST(PinPad, LengthByteBeforeAsciiDigits) {
  Fields f;  // 8-bit length field at byte 0, ASCII PIN from byte 1, 9-byte block
  f.format = 0x8A;
  f.block = 0x89;
  f.length = 0x10;
  f.apdu = "002000010900FFFFFFFFFFFFFFFF";
  EXPECT_EQ(verify_apdu(f, "1234"), "00200001090431323334FFFFFFFF");
}

TEST(PinPad, VariableBlockSetsLcToThePin) {
  Fields f;
  f.block = 0x00;
  f.apdu = "0020008100";
  EXPECT_EQ(verify_apdu(f, "123456"), "0020008106313233343536");
}

// Found by pinpad_fuzz: a variable block whose length field lies past the PIN grew the
// template only to the PIN's end, and the length field was written past the APDU.
TEST(PinPad, VariableBlockGrowsToALengthFieldBeyondThePin) {
  Fields f;
  f.block = 0x80;   // 8-bit length field, variable block
  f.length = 0x13;  // at byte 3
  f.min = 1;
  f.apdu = "0020000100";
  EXPECT_EQ(verify_apdu(f, "12"), "002000010431320002");
}

TEST(PinPad, DigitCountOutsideMinMaxOrNonDigitIs6403) {
  EXPECT_EQ(verify_apdu({}, "123"), "error 6403");
  EXPECT_EQ(verify_apdu({}, "123456789"), "error 6403");
  EXPECT_EQ(verify_apdu({}, "12a4"), "error 6403");
}

TEST(PinPad, ModifyPlacesOldAndNewPins) {
  Fields f;
  f.confirm = 0x03;
  f.apdu = "0024000110FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
  auto m = parse_pin_modify(modify_structure(f));
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->asks_old() && m->asks_confirmation());
  Bytes apdu;
  ASSERT_EQ(build_modify_apdu(*m, "1234", "567890", apdu), PinError::none);
  EXPECT_EQ(to_hex(apdu), "002400011031323334FFFFFFFF353637383930FFFF");
}

TEST(PinPad, ModifyWithoutOldPinLeavesItsBlockAlone) {
  Fields f;
  f.offset_new = 0;
  auto m = parse_pin_modify(modify_structure(f));
  ASSERT_TRUE(m);
  Bytes apdu;
  ASSERT_EQ(build_modify_apdu(*m, "", "4321", apdu), PinError::none);
  EXPECT_EQ(to_hex(apdu), "002000010834333231FFFFFFFF");
}

TEST(PinPad, MalformedVerifyStructuresAreRefused) {
  auto refused = [](const Bytes& s) { return !parse_pin_verify(s).has_value(); };
  Bytes good = verify_structure({});
  EXPECT_FALSE(refused(good));
  for (std::size_t n = 0; n < good.size(); ++n)  // every truncation
    EXPECT_TRUE(refused(Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)))) << n;
  Fields f;
  f.data_length = 12;  // ulDataLength says less than follows
  EXPECT_TRUE(refused(verify_structure(f)));
  f.data_length = 0xFFFFFFFF;
  EXPECT_TRUE(refused(verify_structure(f)));
  f = {};
  f.apdu = "";  // zero-length template
  EXPECT_TRUE(refused(verify_structure(f)));
  f.apdu = "00200001";  // no Lc
  EXPECT_TRUE(refused(verify_structure(f)));
  f.apdu = "00200001FF" + std::string(2 * 256, 'F');  // over 255 data bytes
  EXPECT_TRUE(refused(verify_structure(f)));
  f = {};
  f.min = 9;  // max < min
  EXPECT_TRUE(refused(verify_structure(f)));
  f = {};
  f.min = f.max = 0;
  EXPECT_TRUE(refused(verify_structure(f)));
  f = {};
  f.format = 0x83;  // RFU PIN format
  EXPECT_TRUE(refused(verify_structure(f)));
  f = {};
  f.format = 0x82 | (5 << 3);  // PIN at byte 5 of an 8-byte template: 8 digits do not fit
  EXPECT_TRUE(refused(verify_structure(f)));
  f = {};
  f.block = 0x09;  // block larger than the template's data
  EXPECT_TRUE(refused(verify_structure(f)));
  f = {};
  f.block = 0x88;
  f.length = 0x1F;  // 8-bit length field at byte 15: past the template
  EXPECT_TRUE(refused(verify_structure(f)));
  f = {};
  f.max = 9;  // 9 ASCII digits in an 8-byte block
  EXPECT_TRUE(refused(verify_structure(f)));
}

TEST(PinPad, MalformedModifyStructuresAreRefused) {
  Fields f;
  f.apdu = "0024000110FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
  EXPECT_TRUE(parse_pin_modify(modify_structure(f)));
  f.offset_new = 9;  // new PIN block would run past the template
  EXPECT_FALSE(parse_pin_modify(modify_structure(f)));
  f.offset_new = 8;
  f.offset_old = 12;
  f.confirm = 0x02;  // the old PIN is asked for and its block does not fit
  EXPECT_FALSE(parse_pin_modify(modify_structure(f)));
  f.offset_old = 0;
  f.confirm = 0x04;  // RFU bit
  EXPECT_FALSE(parse_pin_modify(modify_structure(f)));
  Bytes good = modify_structure({});
  for (std::size_t n = 0; n < PIN_MODIFY_HEADER_SIZE; ++n)
    EXPECT_FALSE(
        parse_pin_modify(Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n))));
}

// --- the whole operation, with a scripted keypad and card ------------------------------------

struct Script {
  Script(std::vector<PinInput::Kind> k, std::vector<std::string> d)
      : kinds(std::move(k)), digits(std::move(d)) {}
  std::vector<PinInput::Kind> kinds;
  std::vector<std::string> digits;
  std::vector<PinPromptKind> prompts;
  std::vector<Bytes> sent;
  std::size_t next = 0;

  PinKeypad keypad() {
    return [this](const PinPrompt& p) {
      prompts.push_back(p.kind);
      PinInput in;
      in.kind = kinds.at(next);
      in.digits = SecretDigits(digits.at(next));
      ++next;
      return in;
    };
  }
  ApduExchange card() {
    return [this](std::span<const std::byte> apdu) -> Result<Bytes> {
      sent.emplace_back(apdu.begin(), apdu.end());
      return hex("9000");
    };
  }
};

using K = PinInput::Kind;

TEST(PinPadFlow, VerifySendsTheBuiltApduAndReturnsTheCardsAnswer) {
  Script s{{K::digits}, {"1234"}};
  auto r = verify_pin(verify_structure({}), s.keypad(), s.card());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(to_hex(*r), "9000");
  ASSERT_EQ(s.sent.size(), 1u);
  EXPECT_EQ(to_hex(s.sent[0]), "002000010831323334FFFFFFFF");
}

TEST(PinPadFlow, TimeoutCancelAndLengthNeverReachTheCard) {
  const std::pair<K, std::string> cases[] = {{K::timeout, "6400"}, {K::cancelled, "6401"}};
  for (const auto& [kind, sw] : cases) {
    Script s{{kind}, {""}};
    EXPECT_EQ(to_hex(*verify_pin(verify_structure({}), s.keypad(), s.card())), sw);
    EXPECT_TRUE(s.sent.empty());
  }
  Script s{{K::digits}, {"12"}};
  EXPECT_EQ(to_hex(*verify_pin(verify_structure({}), s.keypad(), s.card())), "6403");
  EXPECT_TRUE(s.sent.empty());
}

TEST(PinPadFlow, InvalidStructureAsksForNoKey) {
  Script s{{}, {}};
  EXPECT_EQ(to_hex(*verify_pin(hex("00"), s.keypad(), s.card())), "6B80");
  EXPECT_EQ(to_hex(*modify_pin(hex("00"), s.keypad(), s.card())), "6B80");
  EXPECT_TRUE(s.prompts.empty());
}

TEST(PinPadFlow, ModifyAsksOldNewConfirmInOrder) {
  Fields f;
  f.confirm = 0x03;
  f.apdu = "0024000110FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
  Script s{{K::digits, K::digits, K::digits}, {"1234", "5678", "5678"}};
  EXPECT_EQ(to_hex(*modify_pin(modify_structure(f), s.keypad(), s.card())), "9000");
  EXPECT_EQ(s.prompts, (std::vector{PinPromptKind::current, PinPromptKind::new_pin,
                                    PinPromptKind::confirmation}));
  EXPECT_EQ(to_hex(s.sent.at(0)), "002400011031323334FFFFFFFF35363738FFFFFFFF");
}

TEST(PinPadFlow, ModifyWithDifferentConfirmationIs6402) {
  Fields f;
  f.confirm = 0x01;
  f.offset_new = 0;
  Script s{{K::digits, K::digits}, {"5678", "5679"}};
  EXPECT_EQ(to_hex(*modify_pin(modify_structure(f), s.keypad(), s.card())), "6402");
  EXPECT_TRUE(s.sent.empty());
}

TEST(PinPadFlow, CancelDuringConfirmationIs6401) {
  Fields f;
  f.confirm = 0x01;
  f.offset_new = 0;
  Script s{{K::digits, K::cancelled}, {"5678", ""}};
  EXPECT_EQ(to_hex(*modify_pin(modify_structure(f), s.keypad(), s.card())), "6401");
}

TEST(PinPadFlow, SecretDigitsAreGoneAfterAMove) {
  SecretDigits a(std::string("1234"));
  SecretDigits b(std::move(a));
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): checking the wipe
  EXPECT_EQ(b.view(), "1234");
}

TEST(PinPadProperties, StructureAndTlvLayout) {
  PinPadProperties p;
  p.lcd_layout = 0x0210;
  p.min_digits = 4;
  p.max_digits = 12;
  EXPECT_EQ(to_hex(pin_properties_structure(p)), "10020200");
  EXPECT_EQ(to_hex(pin_tlv_properties(p)),
            "01021002020102030100060104"
            "07010C");
}

TEST(PinPadEncode, VerifyAndModifyRoundTripByteForByte) {
  Fields bcd;
  bcd.format = 0x89;
  bcd.block = 0x48;
  bcd.length = 0x04;
  bcd.max = 12;
  bcd.min = 4;
  bcd.apdu = "002000800820FFFFFFFFFFFFFF";
  const Bytes verify = verify_structure(bcd);
  auto v = parse_pin_verify(verify);
  ASSERT_TRUE(v);
  EXPECT_EQ(encode_pin_verify(*v), verify);
  Fields f;
  f.confirm = 0x03;
  f.apdu = "0024000110FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
  const Bytes modify = modify_structure(f);
  auto m = parse_pin_modify(modify);
  ASSERT_TRUE(m);
  EXPECT_EQ(encode_pin_modify(*m), modify);
}

TEST(PinPadResult, NamesOfThePart10WordsAndOfTheCardsAnswers) {
  EXPECT_EQ(pin_result_name(pin_error_sw(PinError::timeout)), "timeout");
  EXPECT_EQ(pin_result_name(pin_error_sw(PinError::cancelled)), "cancelled");
  EXPECT_EQ(pin_result_name(pin_error_sw(PinError::pins_differ)), "pins-differ");
  EXPECT_EQ(pin_result_name(pin_error_sw(PinError::length_out_of_range)), "length-out-of-range");
  EXPECT_EQ(pin_result_name(pin_error_sw(PinError::invalid_structure)), "invalid-structure");
  EXPECT_EQ(pin_result_name(hex("9000")), "card");
  EXPECT_EQ(pin_result_name(hex("63C2")), "card");
  EXPECT_EQ(pin_result_name(hex("01026400")), "card");  // data then a word: the card's
}

}  // namespace
}  // namespace readerkit
