// SPDX-License-Identifier: MIT
// Every built-in profile: its ATR as the library decodes it, then power -> protocol ->
// readertest and file system exchanges through the Device.
#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "profile.hpp"
#include "readerkit/atr.hpp"
#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

TEST(SimProfiles, BuiltinsAreTheDocumentedEight) {
  const std::vector<std::string> expected{"default", "t0",       "t1",       "t1-crc",
                                          "inverse", "specific", "extended", "pinpad"};
  EXPECT_EQ(sim_profile_names(), expected);
}

struct AtrExpectation {
  std::string profile;
  std::vector<std::uint8_t> protocols;
  Convention convention;
  std::optional<std::uint8_t> specific;
  std::optional<Edc> edc;
  std::uint32_t f, d;
};

class SimProfileAtr : public ::testing::TestWithParam<AtrExpectation> {};

TEST_P(SimProfileAtr, AtrDecodesAsDocumented) {
  const AtrExpectation& e = GetParam();
  SimHost host({"profile=" + e.profile});
  Bytes atr;
  ASSERT_EQ(host.power(PowerAction::SCARD_COLD_RESET, &atr), Status::SUCCESS);
  AtrInfo info = decode_atr(atr);
  EXPECT_TRUE(info.valid) << atr_error_code(info.error);
  EXPECT_EQ(info.protocols, e.protocols);
  EXPECT_EQ(info.convention, e.convention);
  EXPECT_EQ(info.specific_protocol, e.specific);
  EXPECT_EQ(info.edc, e.edc);
  EXPECT_EQ(info.fi, e.f);
  EXPECT_EQ(info.di, e.d);
  EXPECT_EQ(host.state(), e.specific ? CardState::SCARD_SPECIFIC : CardState::SCARD_NEGOTIABLE);
}

INSTANTIATE_TEST_SUITE_P(
    Builtins, SimProfileAtr,
    ::testing::Values(
        AtrExpectation{"default", {0, 1}, Convention::direct, std::nullopt, Edc::lrc, 512, 32},
        AtrExpectation{"t0", {0}, Convention::direct, std::nullopt, std::nullopt, 512, 32},
        AtrExpectation{"t1", {1}, Convention::direct, std::nullopt, Edc::lrc, 372, 12},
        AtrExpectation{"t1-crc", {1}, Convention::direct, std::nullopt, Edc::crc, 512, 32},
        AtrExpectation{"inverse", {0}, Convention::inverse, std::nullopt, std::nullopt, 372, 1},
        AtrExpectation{"specific", {1}, Convention::direct, 1, Edc::lrc, 512, 16},
        AtrExpectation{"extended", {1}, Convention::direct, std::nullopt, Edc::lrc, 512, 32}),
    [](const auto& param_info) {
      std::string n = param_info.param.profile;
      for (char& c : n) c = c == '-' ? '_' : c;
      return n;
    });

class SimProfileSession : public ::testing::TestWithParam<std::string> {};

// The session of README's main job on each profile: readertest and the file system.
TEST_P(SimProfileSession, PowerProtocolReadertestAndFileSystem) {
  SimHost host({"profile=" + GetParam()});
  host.start(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  ASSERT_EQ(host.state(), CardState::SCARD_SPECIFIC);
  const bool t0 = host.device().card().protocol_selected == SCARD_PROTOCOL_T0;
  EXPECT_EQ(host.transmit(hex("00A4040006A000000018FF")).sw, 0x9000);
  Answer a = host.transmit(hex("8034001010"));
  EXPECT_EQ(a.data, pattern(16));
  // SELECT EF 2F02 (no FCP asked), READ BINARY.
  EXPECT_EQ(host.transmit(hex("00A4020C022F02")).sw, 0x9000);
  a = host.transmit(hex("00B0000018"));
  EXPECT_EQ(a.sw, 0x9000);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(a.data.data()), a.data.size()),
            "ReaderKit simulated card");
  // SELECT by path with FCP: over T=0 the FCP waits behind 61xx.
  a = host.transmit(hex(t0 ? "00A408000450005002" : "00A40800045000500200"));
  if (t0) {
    ASSERT_EQ(a.sw >> 8, 0x61);
    a = host.transmit(concat(hex("00C00000"), Bytes{static_cast<std::byte>(a.sw & 0xFF)}));
  }
  EXPECT_EQ(a.sw, 0x9000);
  ASSERT_GE(a.data.size(), 2u);
  EXPECT_EQ(a.data[0], std::byte{0x62});
  a = host.transmit(hex("00B2030403"));
  EXPECT_EQ(a.sw, 0x9000);
  EXPECT_EQ(a.data, hex("030303"));
  EXPECT_EQ(host.power(PowerAction::SCARD_POWER_DOWN), Status::SUCCESS);
  EXPECT_EQ(host.state(), CardState::SCARD_SWALLOWED);
}

INSTANTIATE_TEST_SUITE_P(Builtins, SimProfileSession,
                         ::testing::Values("default", "t0", "t1", "t1-crc", "inverse", "specific",
                                           "extended"),
                         [](const auto& param_info) {
                           std::string n = param_info.param;
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

TEST(SimProfiles, DefaultProfileNegotiatesT0WithPps) {
  SimHost host;
  std::uint32_t selected = 0;
  ASSERT_EQ(host.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
  ASSERT_EQ(host.set_protocol(SCARD_PROTOCOL_T0, &selected), Status::SUCCESS);
  EXPECT_EQ(selected, SCARD_PROTOCOL_T0);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_CURRENT_D), 32u);
  EXPECT_EQ(host.transmit(hex("8030000000")).sw, 0x9000);
}

std::filesystem::path write_profile(const std::string& name, const std::string& json) {
  auto path = std::filesystem::temp_directory_path() /
              ("rk-sim-" + name + "-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << json;
  return path;
}

// A card that ignores PPS: the reader resets it and keeps the default parameters; a
// protocol other than its first then cannot be had.
TEST(SimProfiles, SilentPpsRefusalFallsBackAfterReset) {
  auto path = write_profile("silent", R"({"name": "silent", "protocols": [0, 1], "ta1": "96",
                                          "pps": "refuse"})");
  SimHost host({"profile=" + path.string()});
  ASSERT_EQ(host.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
  std::uint32_t selected = 0;
  EXPECT_EQ(host.set_protocol(SCARD_PROTOCOL_T1), Status::NOT_SUPPORTED);
  ASSERT_EQ(host.set_protocol(SCARD_PROTOCOL_T0, &selected), Status::SUCCESS);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_CURRENT_F), 372u);
  EXPECT_EQ(host.transmit(hex("8030000000")).sw, 0x9000);
  std::filesystem::remove(path);
}

TEST(SimProfiles, ParserRefusesSchemaErrors) {
  std::string error;
  EXPECT_FALSE(parse_profile("{", error));
  EXPECT_FALSE(parse_profile(R"({"protocol": [0]})", error));
  EXPECT_NE(error.find("unknown key 'protocol'"), std::string::npos);
  EXPECT_FALSE(parse_profile(R"({"ta1": "9"})", error));
  EXPECT_FALSE(parse_profile(R"({"t1": {"ifsc": 255}})", error));
  EXPECT_FALSE(parse_profile(R"({"convention": "sideways"})", error));
  EXPECT_FALSE(parse_profile(R"({"faults": ["edc every=x"]})", error));
  EXPECT_FALSE(parse_profile(R"({"filesystem": {"files": [{"path": "5000/5001"}]}})", error));
  EXPECT_TRUE(parse_profile(R"({"filesystem": {"files": [{"path": "5000", "type": "df"},
                                                          {"path": "5000/5001"}]}})",
                            error))
      << error;
}

TEST(SimProfiles, AtrOverrideIsSentAsIs) {
  auto path = write_profile("atr", R"({"name": "x", "atr": "3B021415", "protocols": [0]})");
  SimHost host({"profile=" + path.string()});
  Bytes atr;
  ASSERT_EQ(host.power(PowerAction::SCARD_COLD_RESET, &atr), Status::SUCCESS);
  EXPECT_EQ(atr, hex("3B021415"));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace readerkit::sim::testing

namespace readerkit::sim::testing {
namespace {

// PPS bytes travel in the card's convention too.
TEST(SimProfiles, InverseCardNegotiatesPps) {
  auto path = write_profile("invpps", R"({"name": "invpps", "convention": "inverse",
                                          "protocols": [0, 1], "ta1": "95"})");
  SimHost host({"profile=" + path.string()});
  host.start(SCARD_PROTOCOL_T1);
  EXPECT_EQ(host.attr_u32(SCARD_ATTR_CURRENT_D), 16u);
  EXPECT_EQ(host.transmit(hex("8034000404")).data, pattern(4));
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace readerkit::sim::testing
