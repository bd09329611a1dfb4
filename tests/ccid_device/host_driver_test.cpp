// SPDX-License-Identifier: MIT
// ReaderKit's CCID host driver (drivers/ccid) against the CCID device in-process, on every
// profile: enumeration from the device's own descriptors, readertest cases 1-4 at the edge
// lengths over T=0 and T=1 cards, extended APDUs on the extended profile, card removal and
// insertion reaching the host through NotifySlotChange (or GetSlotStatus polling), and a PIN
// verification through PC_to_RDR_Secure on the PIN pad profile.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "readerkit/apdu.hpp"
#include "readerkit/ccid/ccid_reader.hpp"
#include "readerkit/ccid_device/ccid_device.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/pinpad.hpp"
#include "readerkit/sim/sim_reader.hpp"
#include "urb_transport.hpp"

namespace readerkit::ccid_device {
namespace {

using namespace std::chrono_literals;

Bytes pattern(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::byte>(i & 0xFF);
  return b;
}
Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
Bytes sw9000() {
  return Bytes{std::byte{0x90}, std::byte{0x00}};
}

Bytes header(std::uint8_t ins, std::size_t p1p2) {
  return Bytes{std::byte{0x80}, std::byte{ins}, static_cast<std::byte>(p1p2 >> 8),
               static_cast<std::byte>(p1p2 & 0xFF)};
}

// Short APDUs: case 2 and case 4 answer n bytes (1..256), case 3 sends min(n, 255).
Bytes case2(std::size_t n) {
  return concat(header(0x34, n), Bytes{static_cast<std::byte>(n & 0xFF)});
}
Bytes case3(std::size_t n) {
  return concat(concat(header(0x32, 0), Bytes{static_cast<std::byte>(n)}), pattern(n));
}
Bytes case4(std::size_t n, std::size_t lc) {
  auto apdu = concat(concat(header(0x36, n), Bytes{static_cast<std::byte>(lc)}), pattern(lc));
  apdu.push_back(static_cast<std::byte>(n & 0xFF));
  return apdu;
}

// A sim reader behind a CCID device behind our CCID host driver.
struct Rig {
  std::unique_ptr<sim::SimReader> sim;
  std::unique_ptr<CcidDevice> device;
  std::unique_ptr<Reader> host;

  Rig(const std::string& profile, const std::string& sim_fields) {
    std::string error;
    std::vector<std::string> fields;
    for (std::size_t at = 0; at < sim_fields.size();) {
      const auto end = sim_fields.find(':', at);
      fields.push_back(sim_fields.substr(at, end - at));
      at = end == std::string::npos ? sim_fields.size() : end + 1;
    }
    sim = sim::open_sim_reader(fields, {}, error);
    if (!sim) throw std::runtime_error(error);
    CcidDeviceOptions options;
    options.profile = *find_profile(profile);
    device = std::make_unique<CcidDevice>(*sim, options);
    device->attach();
    auto transport =
        std::make_unique<testing::UrbTransport>(*device, options.profile.interrupt_endpoint);
    // Enumerate as a host does: the CCID class descriptor follows the interface descriptor.
    const std::array<std::byte, 8> get_config{std::byte{0x80}, std::byte{6}, std::byte{0},
                                              std::byte{2},    std::byte{0}, std::byte{0},
                                              std::byte{0xFF}, std::byte{0}};
    const auto config = transport->control(get_config, 1s);
    const auto descriptor =
        ccid::parse_class_descriptor(std::span<const std::byte>(config.data).subspan(18));
    if (!descriptor) throw std::runtime_error("no CCID class descriptor");
    ccid::UsbIdentity identity;
    identity.vendor_id = kOwnVendorId;
    identity.product_id = kOwnProductId;
    host = ccid::make_ccid_reader(std::move(transport), *descriptor, identity, {}, error);
    if (!host) throw std::runtime_error(error);
  }
  ~Rig() {
    host.reset();
    device.reset();
  }
  Device& slot(std::size_t i = 0) { return host->slot(i); }
};

Result<Bytes> power_on(Device& d) {
  Bytes in(4), atr(64);
  store_le32(in, static_cast<std::uint32_t>(PowerAction::SCARD_COLD_RESET));
  const auto r = d.control(IOCTL_SMARTCARD_POWER, in, atr);
  if (r.status != Status::SUCCESS) return r.status;
  atr.resize(r.information);
  return atr;
}

Status select(Device& d, std::uint32_t protocol) {
  Bytes in(4), out(4);
  store_le32(in, protocol);
  return d.control(IOCTL_SMARTCARD_SET_PROTOCOL, in, out).status;
}

bool wait_for_state(Device& d, bool present, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    const bool now = d.state() != CardState::SCARD_ABSENT;
    if (now == present) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

struct Case {
  std::string profile;
  std::string sim;
  std::uint32_t protocol;
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.profile + "_" +
                     info.param.sim.substr(info.param.sim.find('=') + 1) + "_" +
                     (info.param.protocol == SCARD_PROTOCOL_T1 ? "T1" : "T0");
  for (auto& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

class HostDriver : public ::testing::TestWithParam<Case> {};

TEST_P(HostDriver, ReadertestCasesAtEveryEdgeLength) {
  Rig rig(GetParam().profile, GetParam().sim);
  auto& d = rig.slot();
  auto atr = power_on(d);
  ASSERT_TRUE(atr) << status_name(atr.status());
  ASSERT_EQ(rig.sim->slot(0).card().atr, *atr);
  ASSERT_EQ(select(d, GetParam().protocol), Status::SUCCESS);
  const Bytes case1 = header(0x30, 0);
  auto r1 = transmit_apdu(d, case1);
  ASSERT_TRUE(r1);
  EXPECT_EQ(*r1, sw9000());
  for (std::size_t n : {1, 2, 31, 32, 33, 127, 128, 200, 254, 255, 256}) {
    SCOPED_TRACE(n);
    auto r2 = transmit_apdu(d, case2(n));
    ASSERT_TRUE(r2) << status_name(r2.status());
    EXPECT_EQ(*r2, concat(pattern(n), sw9000()));
    const auto lc = std::min<std::size_t>(n, 255);
    auto r3 = transmit_apdu(d, case3(lc));
    ASSERT_TRUE(r3) << status_name(r3.status());
    EXPECT_EQ(*r3, sw9000());
    auto r4 = transmit_apdu(d, case4(n, lc));
    ASSERT_TRUE(r4) << status_name(r4.status());
    EXPECT_EQ(*r4, concat(pattern(n), sw9000()));
  }
}

TEST_P(HostDriver, CardRemovalAndInsertionReachTheHost) {
  Rig rig(GetParam().profile, GetParam().sim);
  auto& d = rig.slot();
  ASSERT_TRUE(wait_for_state(d, true, 2s));
  for (int cycle = 0; cycle < 3; ++cycle) {
    ASSERT_TRUE(rig.sim->command({"card", "remove"}).ok);
    EXPECT_TRUE(wait_for_state(d, false, 3s)) << "cycle " << cycle;
    ASSERT_TRUE(rig.sim->command({"card", "insert"}).ok);
    EXPECT_TRUE(wait_for_state(d, true, 3s)) << "cycle " << cycle;
  }
  ASSERT_TRUE(power_on(d));
}

INSTANTIATE_TEST_SUITE_P(
    Profiles, HostDriver,
    ::testing::Values(Case{"apdu", "profile=t0", SCARD_PROTOCOL_T0},
                      Case{"apdu", "profile=t1", SCARD_PROTOCOL_T1},
                      Case{"extended", "profile=extended", SCARD_PROTOCOL_T1},
                      Case{"tpdu", "profile=t0", SCARD_PROTOCOL_T0},
                      Case{"tpdu", "profile=t1", SCARD_PROTOCOL_T1},
                      Case{"tpdu", "profile=t1-crc", SCARD_PROTOCOL_T1},
                      Case{"tpdu-manual", "profile=default", SCARD_PROTOCOL_T0},
                      Case{"tpdu-manual", "profile=default", SCARD_PROTOCOL_T1},
                      Case{"pinpad", "profile=pinpad", SCARD_PROTOCOL_T1},
                      Case{"polled", "profile=t1", SCARD_PROTOCOL_T1}),
    case_name);

TEST(HostDriverExtended, ExtendedApdusChainAcrossMessages) {
  Rig rig("extended", "profile=extended");
  auto& d = rig.slot();
  ASSERT_TRUE(power_on(d));
  ASSERT_EQ(select(d, SCARD_PROTOCOL_T1), Status::SUCCESS);
  for (std::size_t n : {300, 4096, 65535}) {
    SCOPED_TRACE(n);
    // Extended case 4: 00 Lc(3) data Le(2); the card answers P1P2 bytes.
    const std::size_t p1p2 = std::min<std::size_t>(n, 0x7FFF);
    Bytes apdu = header(0x36, p1p2);
    apdu.push_back(std::byte{0});
    apdu.push_back(static_cast<std::byte>(n >> 8));
    apdu.push_back(static_cast<std::byte>(n & 0xFF));
    const auto data = pattern(n);
    apdu.insert(apdu.end(), data.begin(), data.end());
    apdu.push_back(static_cast<std::byte>(p1p2 >> 8));
    apdu.push_back(static_cast<std::byte>(p1p2 & 0xFF));
    auto r = transmit_apdu(d, apdu);
    ASSERT_TRUE(r) << status_name(r.status());
    EXPECT_EQ(*r, concat(pattern(p1p2), sw9000()));
  }
}

}  // namespace
}  // namespace readerkit::ccid_device

namespace readerkit::ccid_device {
namespace {

// VERIFY with 4 to 8 ASCII digits into `80 20 00 00 Lc`: the readertest card checks them (31 32
// 33 34 ...) and its dump command (INS 0x40) shows what it received.
Bytes verify_structure() {
  PinVerify v;
  v.common.layout.format = PinFormat::ascii;
  v.common.min_digits = 4;
  v.common.max_digits = 8;
  v.common.timeout_s = 5;
  v.common.apdu = {std::byte{0x80}, std::byte{0x20}, std::byte{0x00}, std::byte{0x00},
                   std::byte{0x00}};
  return encode_pin_verify(v);
}

Bytes ioctl(Device& d, std::uint32_t code, const Bytes& in) {
  Bytes out(300);
  const auto r = d.control(code, in, out);
  EXPECT_EQ(r.status, Status::SUCCESS) << status_name(r.status);
  out.resize(r.information);
  return out;
}

TEST(HostDriverPinPad, VerifyThroughSecureReachesTheKeypadAndTheCard) {
  Rig rig("pinpad", "profile=pinpad");
  auto& d = rig.slot();
  ASSERT_TRUE(d.reader().pin_pad.has_value());
  EXPECT_TRUE(d.reader().pin_pad->verify);
  EXPECT_TRUE(d.reader().pin_pad->modify);
  ASSERT_TRUE(power_on(d));
  ASSERT_EQ(select(d, SCARD_PROTOCOL_T1), Status::SUCCESS);

  ASSERT_TRUE(rig.sim->command({"pin", "12345"}).ok);
  EXPECT_EQ(ioctl(d, IOCTL_FEATURE_VERIFY_PIN_DIRECT, verify_structure()), sw9000());
  auto dump = transmit_apdu(d, concat(header(0x40, 0), Bytes{std::byte{0}}));
  ASSERT_TRUE(dump);
  const Bytes received{std::byte{0x80}, std::byte{0x20}, std::byte{0x00}, std::byte{0x00},
                       std::byte{0x05}, std::byte{0x31}, std::byte{0x32}, std::byte{0x33},
                       std::byte{0x34}, std::byte{0x35}, std::byte{0x90}, std::byte{0x00}};
  EXPECT_EQ(*dump, received);

  // Cancel on the keypad: CCID's PIN_CANCELLED, back to the application as 64 01.
  ASSERT_TRUE(rig.sim->command({"pin", "cancel"}).ok);
  EXPECT_EQ(ioctl(d, IOCTL_FEATURE_VERIFY_PIN_DIRECT, verify_structure()),
            (Bytes{std::byte{0x64}, std::byte{0x01}}));
  // Too few digits: the library's 64 03 comes back as the answer.
  ASSERT_TRUE(rig.sim->command({"pin", "12"}).ok);
  EXPECT_EQ(ioctl(d, IOCTL_FEATURE_VERIFY_PIN_DIRECT, verify_structure()),
            (Bytes{std::byte{0x64}, std::byte{0x03}}));
}

}  // namespace
}  // namespace readerkit::ccid_device
