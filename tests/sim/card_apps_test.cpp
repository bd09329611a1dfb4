// SPDX-License-Identifier: MIT
// The card's applications at APDU level: the ISO/IEC 7816-4 file system (SELECT forms,
// READ/UPDATE BINARY, READ RECORD, GET CHALLENGE, VERIFY and its retry counter) and routing.
#include "card/card_os.hpp"
#include "profile.hpp"
#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

using card::CommandApdu;

/// An application's answer, copied out of the application's memory.
struct AppAnswer {
  Bytes data;
  std::uint16_t sw = 0;
};

class CardApps : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    auto profile = load_profile("default", error);
    ASSERT_TRUE(profile) << error;
    os =
        std::make_unique<card::CardOs>(card::ReadertestApp(10, false),
                                       std::make_unique<card::FileSystemApp>(*profile->filesystem));
  }
  AppAnswer run(std::string_view apdu_hex) {
    const Bytes apdu = hex(apdu_hex);  // the parsed command's data views it
    auto c = card::parse_command_apdu(apdu);
    EXPECT_TRUE(c.has_value()) << apdu_hex;
    if (!c) return {};
    const card::ResponseApdu r = os->process(*c);
    return {Bytes(r.data.begin(), r.data.end()), r.sw};
  }
  std::unique_ptr<card::CardOs> os;
};

TEST_F(CardApps, ReadertestIsSelectedAfterReset) {
  EXPECT_EQ(run("80300000").sw, 0x9000);
  EXPECT_EQ(run("00A4000C023F00").sw, 0x9000);  // the file system takes over
  EXPECT_EQ(run("80300000").sw, 0x6E00);
  os->reset();
  EXPECT_EQ(run("80300000").sw, 0x9000);
}

TEST_F(CardApps, SelectForms) {
  EXPECT_EQ(run("00A4000C022F02").sw, 0x9000);              // FID from the MF
  EXPECT_EQ(run("00A4040C08A000000527524B01").sw, 0x9000);  // DF name
  EXPECT_EQ(run("00A4020C025001").sw, 0x9000);              // EF of the current DF
  EXPECT_EQ(run("00A4030C").sw, 0x9000);                    // parent of the current DF
  EXPECT_EQ(run("00A4010C025000").sw, 0x9000);              // child DF
  EXPECT_EQ(run("00A4090C025002").sw, 0x9000);              // path from the current DF
  EXPECT_EQ(run("00A4080C0450005003").sw, 0x6A82);          // no such file
  EXPECT_EQ(run("00A4040C05A000000527").sw, 0x9000);        // partial DF name
  EXPECT_EQ(run("00A4050C022F02").sw, 0x6A86);              // P1 05: not a selection
  AppAnswer fcp = run("00A40804045000500100");
  ASSERT_EQ(fcp.sw, 0x9000);
  EXPECT_EQ(fcp.data, hex("620B8201018302500180020020"));  // 32-byte transparent EF 5001
}

TEST_F(CardApps, ReadBinaryWithOffsetsAndEnd) {
  ASSERT_EQ(run("00A4080C0450005001").sw, 0x9000);
  AppAnswer r = run("00B0001004");
  EXPECT_EQ(r.sw, 0x9000);
  EXPECT_EQ(r.data, hex("10111213"));
  r = run("00B0001C08");  // 4 bytes left of 8 asked
  EXPECT_EQ(r.sw, 0x6282);
  EXPECT_EQ(r.data, hex("1C1D1E1F"));
  EXPECT_EQ(run("00B0002101").sw, 0x6B00);
  EXPECT_EQ(run("00B0000000").data.size(), 32u);  // Le 00: what there is
}

TEST_F(CardApps, UpdateBinaryNeedsThePinWhenTheProfileSaysSo) {
  ASSERT_EQ(run("00A4080C0450005001").sw, 0x9000);
  EXPECT_EQ(run("00D6000002AABB").sw, 0x6982);
  EXPECT_EQ(run("002000010431323334").sw, 0x9000);
  EXPECT_EQ(run("00D6000002AABB").sw, 0x9000);
  EXPECT_EQ(run("00B0000002").data, hex("AABB"));
  EXPECT_EQ(run("00D6001F02AABB").sw, 0x6700);  // past the end of the file
}

TEST_F(CardApps, VerifyCountsDownAndBlocks) {
  ASSERT_EQ(run("00A4000C023F00").sw, 0x9000);
  EXPECT_EQ(run("00200001").sw, 0x63C3);
  EXPECT_EQ(run("002000010431313131").sw, 0x63C2);
  EXPECT_EQ(run("002000010431313131").sw, 0x63C1);
  EXPECT_EQ(run("002000010431323334").sw, 0x9000);  // right PIN resets the counter
  EXPECT_EQ(run("00200001").sw, 0x9000);
  for (int i = 0; i < 3; ++i) run("002000010439393939");
  EXPECT_EQ(run("002000010431323334").sw, 0x6983);
  EXPECT_EQ(run("002000020431323334").sw, 0x6A88);
}

TEST_F(CardApps, VerifyAcceptsAnFfPaddedBlock) {
  ASSERT_EQ(run("00A4000C023F00").sw, 0x9000);
  EXPECT_EQ(run("00200001083132333FFFFFFFFF").sw, 0x63C2);
  EXPECT_EQ(run("002000010831323334FFFFFFFF").sw, 0x9000);
}

TEST_F(CardApps, ChangeReferenceDataInBothFormsThenVerifyTheNewPin) {
  ASSERT_EQ(run("00A4000C023F00").sw, 0x9000);
  // Two FF-padded 8-byte blocks: 1234 -> 56789.
  EXPECT_EQ(run("002400011031323334FFFFFFFF3536373839FFFFFF").sw, 0x9000);
  EXPECT_EQ(run("002000010431323334").sw, 0x63C2);
  EXPECT_EQ(run("00200001053536373839").sw, 0x9000);
  // The current PIN exactly, then the new one: 56789 -> 0000.
  EXPECT_EQ(run("0024000109353637383930303030").sw, 0x9000);
  EXPECT_EQ(run("002000010430303030").sw, 0x9000);
  // A wrong current PIN spends a try; no new PIN is wrong data; another reference is unknown.
  EXPECT_EQ(run("00240001083939393931313131").sw, 0x63C2);
  EXPECT_EQ(run("002400010830303030FFFFFFFF").sw, 0x6A80);
  EXPECT_EQ(run("002400020430303030").sw, 0x6A88);
  EXPECT_EQ(run("002400010430303030").sw, 0x63C1);  // the current PIN and nothing new
}

TEST_F(CardApps, ReadRecordAndChallenge) {
  ASSERT_EQ(run("00A4000C022F00").sw, 0x9000);
  AppAnswer r = run("00B2010400");
  EXPECT_EQ(r.sw, 0x9000);
  EXPECT_EQ(r.data, hex("610D4F06A000000018FF5003525454"));
  EXPECT_EQ(run("00B2030400").sw, 0x6A83);
  EXPECT_EQ(run("00B2010C00").sw, 0x6A86);
  r = run("0084000008");
  EXPECT_EQ(r.sw, 0x9000);
  EXPECT_EQ(r.data.size(), 8u);
  EXPECT_EQ(run("00840000").sw, 0x6700);
}

TEST_F(CardApps, CommandsWithoutACurrentEf) {
  ASSERT_EQ(run("00A4000C023F00").sw, 0x9000);
  EXPECT_EQ(run("00B0000004").sw, 0x6986);
  ASSERT_EQ(run("00A4000C022F00").sw, 0x9000);
  EXPECT_EQ(run("00B0000004").sw, 0x6981);  // a record file read as binary
}

TEST(CardApdu, ParsesShortAndExtendedCases) {
  auto c = card::parse_command_apdu(hex("8036000203010203000002"));  // Lc 03, then 4 bytes
  EXPECT_FALSE(c.has_value());
  const Bytes case4e = hex("80000000000003AABBCC0100");
  c = card::parse_command_apdu(case4e);
  ASSERT_TRUE(c.has_value());
  EXPECT_TRUE(c->extended);
  EXPECT_EQ(Bytes(c->data.begin(), c->data.end()), hex("AABBCC"));
  EXPECT_EQ(c->data.data(), case4e.data() + 7);  // a view of the command, not a copy
  EXPECT_EQ(c->ne(), 256u);
  c = card::parse_command_apdu(hex("80000000000000"));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->ne(), 65536u);
  EXPECT_FALSE(card::parse_command_apdu(hex("800000")).has_value());
  EXPECT_FALSE(card::parse_command_apdu(hex("800000000010")).has_value());  // 00 + one byte
  EXPECT_FALSE(card::parse_command_apdu(hex("8000000005AA")).has_value());
}

// Over T=0, more than 256 response bytes come in several GET RESPONSE rounds.
TEST(CardT0, LongCase4ResponseComesInGetResponseRounds) {
  SimHost host({"profile=t0"});
  host.start(SCARD_PROTOCOL_T0);
  Answer a = host.transmit(hex("8036012C0400010203"));  // P1P2 = 300
  ASSERT_EQ(a.sw, 0x612C);
  Answer part = host.transmit(hex("80C000002C"));
  EXPECT_EQ(part.sw, 0x6100);
  EXPECT_EQ(part.data, pattern(44));
  part = host.transmit(hex("80C0000000"));
  EXPECT_EQ(part.sw, 0x9000);
  ASSERT_EQ(part.data.size(), 256u);
  EXPECT_EQ(part.data[0], std::byte{44});
  // Asking for more than is left: 6Cxx with what is left.
  a = host.transmit(hex("80360010020001"));
  ASSERT_EQ(a.sw, 0x6110);
  EXPECT_EQ(host.transmit(hex("80C0000020")).sw, 0x6C10);
  EXPECT_EQ(host.transmit(hex("80C0000010")).data, pattern(16));
}

TEST(CardT0, WrongLeGets6Cxx) {
  SimHost host({"profile=t0"});
  host.start(SCARD_PROTOCOL_T0);
  // Unbound case 2 returns P1P2 bytes: fewer asked -> the rest behind 61xx; more -> 6Cxx.
  Answer a = host.transmit(hex("803C00100A"));
  EXPECT_EQ(a.sw, 0x6106);
  EXPECT_EQ(a.data, pattern(10));
  EXPECT_EQ(host.transmit(hex("803C001020")).sw, 0x6C10);
  EXPECT_EQ(host.transmit(hex("803C001010")).data, pattern(16));
  EXPECT_EQ(host.transmit(hex("8060000000")).sw, 0x6D00);  // INS 6x is no instruction
}

}  // namespace
}  // namespace readerkit::sim::testing
