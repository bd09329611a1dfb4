// SPDX-License-Identifier: MIT
// Malformed input from the reader side never crashes or hangs the simulated card, and the
// stack keeps answering well-formed commands afterwards.
#include "card/sim_card.hpp"
#include "sim_fixture.hpp"

namespace readerkit::sim::testing {
namespace {

struct Lcg {
  std::uint32_t x = 2024;
  std::uint32_t next() { return x = x * 1103515245u + 12345u, x >> 8; }
  Bytes bytes(std::size_t n) {
    Bytes b(n);
    for (auto& v : b) v = static_cast<std::byte>(next());
    return b;
  }
};

TEST(SimHostile, CardSurvivesRandomLineBytesInEveryProfile) {
  Lcg rng;
  for (const auto& name : sim_profile_names()) {
    std::string error;
    auto profile = load_profile(name, error);
    ASSERT_TRUE(profile) << error;
    FaultState faults;
    card::SimCard c(*profile, faults);
    for (int round = 0; round < 200; ++round) {
      if (round % 20 == 0) (void)c.reset();
      c.receive(rng.bytes(1 + rng.next() % 64));
      card::Reply r;
      while (c.next_reply(r)) {
      }
    }
  }
  SUCCEED();
}

TEST(SimHostile, RandomCommandsThroughTheDeviceEndInAStatus) {
  Lcg rng;
  for (const char* name : {"t0", "t1", "default"}) {
    SimHost host({std::string("profile=") + name});
    host.start(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
    for (int i = 0; i < 150; ++i) {
      Bytes cmd = rng.bytes(4 + rng.next() % 40);
      if (cmd[1] == std::byte{0x38}) cmd[1] = std::byte{0x39};  // no long time requests
      (void)host.transmit(cmd);
      if (host.transmit(hex("8030000000")).sw != 0x9000)
        host.start(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
    }
    // Whatever happened, a fresh session works.
    host.start(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
    EXPECT_EQ(host.transmit(hex("8034000808")).data, pattern(8)) << name;
  }
}

}  // namespace
}  // namespace readerkit::sim::testing
