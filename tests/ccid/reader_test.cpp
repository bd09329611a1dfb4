// SPDX-License-Identifier: MIT
// The CCID driver end to end on a scripted USB reader: IOCTLs through the Device, TPDU-level
// T=0 and T=1, APDU level, multi-slot, card events from the interrupt endpoint, escape.
#include "readerkit/ccid/ccid_reader.hpp"

#include <gtest/gtest.h>

#include <future>
#include <optional>

#include "fake_usb.hpp"
#include "readerkit/card.hpp"
#include "readerkit/device.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/pinpad.hpp"
#include "readerkit/t1_frame.hpp"

namespace readerkit::ccid {
namespace {

using testing::FakeUsb;
using testing::at;
using testing::data_of;
using testing::frame;
using testing::hex;


const Bytes kAtrT0 = hex("3B 02 14 50");     // T=0 only, TA1 absent

Bytes with_tck(Bytes atr) {
  std::uint8_t x = 0;
  for (std::size_t i = 1; i < atr.size(); ++i) x ^= at(atr, i);
  atr.push_back(std::byte{x});
  return atr;
}

// A scripted reader+card: answers GetSlotStatus, power, SetParameters and XfrBlock through
// `on_xfr` (the abData of the command in, the DataBlock's abData out).
struct ScriptedReader {
  FakeUsb* usb = nullptr;
  Bytes atr = kAtrT0;
  bool present = true;
  std::function<Bytes(const Bytes&)> on_xfr = [](const Bytes&) { return hex("9000"); };
  // Consulted first: a reply frame overrides the scripted behaviour for that command.
  std::function<std::optional<Bytes>(const Bytes&)> override_reply;

  void install(FakeUsb& fake) {
    usb = &fake;
    fake.set_responder([this](const Bytes& cmd) {
      if (override_reply) {
        if (auto reply = override_reply(cmd)) return std::vector<Bytes>{*reply};
      }
      const auto type = at(cmd, 0), slot = at(cmd, 5), seq = at(cmd, 6);
      const std::uint8_t icc = present ? 0x00 : 0x02;
      if (!present && type != 0x65) return std::vector<Bytes>{frame(0x80, slot, seq, 0x42, 0xFE, 0)};
      switch (type) {
        case 0x65: return std::vector<Bytes>{frame(0x81, slot, seq, icc, 0, 0)};
        case 0x62: return std::vector<Bytes>{frame(0x80, slot, seq, 0x00, 0, 0, atr)};
        case 0x63: return std::vector<Bytes>{frame(0x81, slot, seq, 0x01, 0, 0)};
        case 0x61: return std::vector<Bytes>{frame(0x82, slot, seq, 0, 0, at(cmd, 7), data_of(cmd))};
        case 0x6F: return std::vector<Bytes>{frame(0x80, slot, seq, 0, 0, 0, on_xfr(data_of(cmd)))};
        case 0x6B: return std::vector<Bytes>{frame(0x83, slot, seq, 0, 0, 0, hex("E5C0"))};
        default: return std::vector<Bytes>{frame(0x81, slot, seq, 0x40, 0x00, 0)};
      }
    });
  }
};

ClassDescriptor descriptor(std::uint32_t level, std::uint32_t protocols = 1,
                           std::uint8_t max_slot = 0) {
  ClassDescriptor d;
  d.bcdCCID = 0x0110;
  d.bMaxSlotIndex = max_slot;
  d.bVoltageSupport = 7;
  d.dwProtocols = protocols;
  d.dwDefaultClock = 4000;
  d.dwMaximumClock = 4000;
  d.dwDataRate = 10752;
  d.dwMaxDataRate = 10752;
  d.dwMaxIFSD = 254;
  d.dwFeatures = level | feature::AUTO_VOLTAGE;
  d.dwMaxCCIDMessageLength = 271;
  return d;
}

struct Harness {
  explicit Harness(ClassDescriptor d, CcidOptions options = {}) {
    auto fake = std::make_unique<FakeUsb>();
    usb = fake.get();
    card.install(*usb);
    UsbIdentity id;
    id.vendor_id = 0x1234;
    id.product_id = 0x5678;
    id.product = "Scripted";
    reader = make_ccid_reader(std::move(fake), d, id, options, error);
  }
  Device& dev(std::size_t i = 0) { return reader->slot(i); }
  IoResult ioctl(std::uint32_t code, const Bytes& in, Bytes& out, std::size_t i = 0) {
    return dev(i).control(code, in, out);
  }
  Status power(PowerAction a, std::size_t i = 0) {
    Bytes out(64);
    return ioctl(IOCTL_SMARTCARD_POWER, le32_bytes(static_cast<std::uint32_t>(a)), out, i).status;
  }
  Status protocol(std::uint32_t mask, std::size_t i = 0) {
    Bytes out(4);
    return ioctl(IOCTL_SMARTCARD_SET_PROTOCOL, le32_bytes(mask), out, i).status;
  }
  Result<Bytes> transmit(std::uint32_t protocol, const Bytes& command, std::size_t i = 0) {
    const Bytes in = transmit_request(protocol, command);
    Bytes out(70000);
    auto r = ioctl(IOCTL_SMARTCARD_TRANSMIT, in, out, i);
    if (r.status != Status::SUCCESS) return r.status;
    return Bytes(out.begin() + 8, out.begin() + static_cast<std::ptrdiff_t>(r.information));
  }

  FakeUsb* usb = nullptr;
  ScriptedReader card;
  std::unique_ptr<Reader> reader;
  std::string error;
};

TEST(CcidReader, CardPresentAtOpenIsSeenAndPowerGivesAtr) {
  Harness h(descriptor(feature::LEVEL_TPDU));
  ASSERT_TRUE(h.reader) << h.error;
  EXPECT_EQ(h.reader->slot_count(), 1u);
  EXPECT_EQ(h.dev().state(), CardState::SCARD_SWALLOWED);
  Bytes out(64);
  auto r = h.ioctl(IOCTL_SMARTCARD_POWER, le32_bytes(1), out);
  ASSERT_EQ(r.status, Status::SUCCESS);
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(r.information)), kAtrT0);
  EXPECT_EQ(h.dev().state(), CardState::SCARD_NEGOTIABLE);
  EXPECT_EQ(at(h.usb->sent[1], 0), 0x63);  // cold reset: off, then on
  EXPECT_EQ(at(h.usb->sent[2], 0), 0x62);
  EXPECT_EQ(h.power(PowerAction::SCARD_POWER_DOWN), Status::SUCCESS);
  EXPECT_EQ(h.dev().state(), CardState::SCARD_SWALLOWED);
}

TEST(CcidReader, ReaderCapabilitiesComeFromTheDescriptor) {
  Harness h(descriptor(feature::LEVEL_TPDU, 3));
  const auto& caps = h.dev().reader();
  EXPECT_EQ(caps.reader_type, ReaderType::SCARD_READER_TYPE_USB);
  EXPECT_EQ(caps.protocol_types, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1);
  EXPECT_EQ(caps.max_ifsd, 254u);
  EXPECT_EQ(caps.default_clk_khz, 4000u);
  EXPECT_EQ(caps.max_data_rate, 10752u);
}

TEST(CcidReader, T0TpduGoesInOneXfrBlockAnd61xxComesBackAsIs) {
  Harness h(descriptor(feature::LEVEL_TPDU));
  h.card.on_xfr = [](const Bytes& tpdu) {
    return at(tpdu, 1) == 0x36 ? hex("6110") : hex("9000");
  };
  ASSERT_EQ(h.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
  ASSERT_EQ(h.protocol(SCARD_PROTOCOL_T0), Status::SUCCESS);
  EXPECT_EQ(at(h.usb->sent.back(), 0), 0x61);  // SetParameters T=0
  auto r = h.transmit(SCARD_PROTOCOL_T0, hex("80360010 03 000102"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, hex("6110"));
  EXPECT_EQ(data_of(h.usb->sent.back()), hex("80360010 03 000102"));
  auto case1 = h.transmit(SCARD_PROTOCOL_T0, hex("80300000"));
  ASSERT_TRUE(case1.ok());
  EXPECT_EQ(data_of(h.usb->sent.back()), hex("8030000000"));  // P3 = 00 added
}

// The card side of T=1 at TPDU level: answers S(IFS) and each I-block with 90 00.
Bytes t1_card(const Bytes& block, std::uint8_t& card_ns) {
  auto lrc = [](Bytes b) {
    std::uint8_t x = 0;
    for (auto v : b) x ^= std::to_integer<std::uint8_t>(v);
    b.push_back(std::byte{x});
    return b;
  };
  const auto pcb = at(block, 1);
  if (pcb == 0xC1) return lrc({std::byte{0}, std::byte{0xE1}, std::byte{1}, block[3]});
  if ((pcb & 0x80) == 0) {
    Bytes reply = lrc({std::byte{0}, std::byte{static_cast<std::uint8_t>(card_ns << 6)},
                       std::byte{2}, std::byte{0x90}, std::byte{0x00}});
    card_ns ^= 1;
    return reply;
  }
  return lrc({std::byte{0}, std::byte{0x82}, std::byte{0}});
}

TEST(CcidReader, T1TpduRunsTheLibraryEngineOverXfrBlock) {
  Harness h(descriptor(feature::LEVEL_TPDU, 3));
  h.card.atr = with_tck(hex("3B 80 81 01"));  // TD1 and TD2: T=1, defaults
  std::uint8_t card_ns = 0;
  h.card.on_xfr = [&](const Bytes& block) { return t1_card(block, card_ns); };
  ASSERT_EQ(h.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
  ASSERT_EQ(h.protocol(SCARD_PROTOCOL_T1), Status::SUCCESS);
  const Bytes set_params = h.usb->sent.back();
  EXPECT_EQ(at(set_params, 0), 0x61);
  EXPECT_EQ(at(set_params, 7), 1);  // bProtocolNum T=1
  for (int i = 0; i < 3; ++i) {
    auto r = h.transmit(SCARD_PROTOCOL_T1, hex("80300000"));
    ASSERT_TRUE(r.ok()) << i << " " << status_name(r.status());
    EXPECT_EQ(*r, hex("9000"));
  }
  // First XfrBlock after SetParameters is the S(IFS request) announcing IFSD 254.
  const auto first = std::find_if(h.usb->sent.begin(), h.usb->sent.end(),
                                  [](const Bytes& c) { return at(c, 0) == 0x6F; });
  ASSERT_NE(first, h.usb->sent.end());
  EXPECT_EQ(data_of(*first), hex("00 C1 01 FE 3E"));
}

// A TPDU reader leaving PPS to the host, a T=0 card asking for Fi=372 Di=4 (TA1 13) that then
// refuses the PPS: the driver must reset the card and stand by what the reset gives.
struct RefusedPps {
  Harness h{faster_descriptor()};
  int power_ons = 0;
  std::function<Bytes(int)> second_power_on;  // the frame for the reset after the refusal

  static ClassDescriptor faster_descriptor() {
    ClassDescriptor d = descriptor(feature::LEVEL_TPDU);
    d.dwMaxDataRate = 344086;
    return d;
  }
  RefusedPps() {
    h.card.atr = hex("3B 11 13 80");
    h.card.on_xfr = [](const Bytes&) { return hex("6F00"); };  // not a PPS answer: refused
    h.card.override_reply = [this](const Bytes& cmd) -> std::optional<Bytes> {
      if (at(cmd, 0) == 0x62 && ++power_ons == 2 && second_power_on)
        return second_power_on(at(cmd, 6));
      return std::nullopt;
    };
  }
};

TEST(CcidReader, RefusedPpsKeepsTheAtrOfTheReset) {
  RefusedPps r;
  const Bytes after_reset = hex("3B 01 55");
  r.second_power_on = [&](int seq) {
    return frame(0x80, 0, static_cast<std::uint8_t>(seq), 0x00, 0, 0, after_reset);
  };
  ASSERT_EQ(r.h.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
  ASSERT_EQ(r.h.protocol(SCARD_PROTOCOL_T0), Status::SUCCESS);
  EXPECT_EQ(r.power_ons, 2);
  EXPECT_EQ(r.h.dev().card().atr, after_reset);
  EXPECT_EQ(r.h.dev().card().f, 372u);
  EXPECT_EQ(r.h.dev().card().d, 1u);
}

TEST(CcidReader, CardThatDoesNotComeBackAfterARefusedPpsFailsSetProtocol) {
  RefusedPps r;
  r.second_power_on = [](int seq) {  // command failed, no ICC present (CCID §6.2.6)
    return frame(0x80, 0, static_cast<std::uint8_t>(seq), 0x42, 0xFE, 0);
  };
  ASSERT_EQ(r.h.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
  EXPECT_NE(r.h.protocol(SCARD_PROTOCOL_T0), Status::SUCCESS);
  EXPECT_EQ(r.power_ons, 2);
}

TEST(CcidReader, ApduLevelPassesApdusAndChainsExtendedOnes) {
  Harness h(descriptor(feature::LEVEL_EXTENDED_APDU, 3));
  h.card.atr = with_tck(hex("3B 80 81 01"));
  Bytes collected;
  h.card.on_xfr = [&](const Bytes& data) {
    collected.insert(collected.end(), data.begin(), data.end());
    return hex("9000");
  };
  h.usb->set_responder(nullptr);
  // Reinstall with chaining: intermediate parts get an empty 0x10 answer.
  h.usb->set_responder([&](const Bytes& cmd) {
    const auto type = at(cmd, 0), seq = at(cmd, 6);
    if (type == 0x62) return std::vector<Bytes>{frame(0x80, 0, seq, 0, 0, 0, h.card.atr)};
    if (type == 0x6F) {
      auto d = data_of(cmd);
      collected.insert(collected.end(), d.begin(), d.end());
      const auto level = at(cmd, 8);
      if (level == 0x01 || level == 0x03) return std::vector<Bytes>{frame(0x80, 0, seq, 0, 0, 0x10)};
      return std::vector<Bytes>{frame(0x80, 0, seq, 0, 0, 0, hex("9000"))};
    }
    return std::vector<Bytes>{frame(0x81, 0, seq, 0x01, 0, 0)};
  });
  ASSERT_EQ(h.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
  ASSERT_EQ(h.protocol(SCARD_PROTOCOL_T1), Status::SUCCESS);
  Bytes apdu = hex("80320000 000400");
  for (int i = 0; i < 1024; ++i) apdu.push_back(static_cast<std::byte>(i));
  auto r = h.transmit(SCARD_PROTOCOL_T1, apdu);
  ASSERT_TRUE(r.ok()) << status_name(r.status());
  EXPECT_EQ(*r, hex("9000"));
  EXPECT_EQ(collected, apdu);
}

TEST(CcidReader, NotifySlotChangeCompletesTracking) {
  Harness h(descriptor(feature::LEVEL_TPDU));
  std::promise<Status> absent;
  Bytes none;
  auto r = h.dev().control(IOCTL_SMARTCARD_IS_ABSENT, {}, none,
                           [&](IoResult done) { absent.set_value(done.status); });
  ASSERT_EQ(r.status, Status::PENDING);
  h.card.present = false;
  h.usb->push_interrupt(hex("50 02"));  // slot 0: changed, absent
  auto f = absent.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(f.get(), Status::SUCCESS);
  EXPECT_EQ(h.dev().state(), CardState::SCARD_ABSENT);

  std::promise<Status> present;
  r = h.dev().control(IOCTL_SMARTCARD_IS_PRESENT, {}, none,
                      [&](IoResult done) { present.set_value(done.status); });
  ASSERT_EQ(r.status, Status::PENDING);
  h.card.present = true;
  h.usb->push_interrupt(hex("50 03"));
  auto g = present.get_future();
  ASSERT_EQ(g.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(g.get(), Status::SUCCESS);
  EXPECT_EQ(h.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
}

TEST(CcidReader, RemovedCardMidExchangeIsNoMedia) {
  Harness h(descriptor(feature::LEVEL_TPDU));
  ASSERT_EQ(h.power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
  ASSERT_EQ(h.protocol(SCARD_PROTOCOL_T0), Status::SUCCESS);
  h.card.present = false;
  EXPECT_EQ(h.transmit(SCARD_PROTOCOL_T0, hex("80300000")).status(), Status::NO_MEDIA);
  EXPECT_EQ(h.dev().state(), CardState::SCARD_ABSENT);
}

TEST(CcidReader, MultiSlotReaderHasOneDevicePerSlot) {
  Harness h(descriptor(feature::LEVEL_SHORT_APDU, 1, 1));
  ASSERT_TRUE(h.reader) << h.error;
  ASSERT_EQ(h.reader->slot_count(), 2u);
  ASSERT_EQ(h.power(PowerAction::SCARD_COLD_RESET, 1), Status::SUCCESS);
  EXPECT_EQ(at(h.usb->sent.back(), 5), 1);  // bSlot of the power on
  EXPECT_EQ(h.dev(0).state(), CardState::SCARD_SWALLOWED);
  EXPECT_EQ(h.dev(1).state(), CardState::SCARD_NEGOTIABLE);
  h.card.present = false;
  h.usb->push_interrupt(hex("50 09"));  // slot 0 present, slot 1 changed and absent
  for (int i = 0; i < 1000 && h.dev(1).state() != CardState::SCARD_ABSENT; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(h.dev(1).state(), CardState::SCARD_ABSENT);
  EXPECT_EQ(h.dev(0).state(), CardState::SCARD_SWALLOWED);
}

TEST(CcidReader, EscapeIsClosedUnlessAllowed) {
  Bytes out(16);
  {
    Harness closed(descriptor(feature::LEVEL_TPDU));
    EXPECT_EQ(closed.ioctl(IOCTL_CCID_ESCAPE, hex("01"), out).status, Status::NOT_SUPPORTED);
    EXPECT_EQ(closed.usb->sent.size(), 1u);  // only the GetSlotStatus at open
  }
  CcidOptions allow;
  allow.allow_escape = true;
  Harness open(descriptor(feature::LEVEL_TPDU), allow);
  auto r = open.ioctl(IOCTL_CCID_ESCAPE, hex("01"), out);
  ASSERT_EQ(r.status, Status::SUCCESS);
  EXPECT_EQ(Bytes(out.begin(), out.begin() + 2), hex("E5C0"));
}

TEST(CcidReader, DeadReaderAtOpenIsAnError) {
  auto fake = std::make_unique<FakeUsb>();
  fake->unplugged = true;
  std::string error;
  auto reader = make_ccid_reader(std::move(fake), descriptor(feature::LEVEL_TPDU), {}, {}, error);
  EXPECT_FALSE(reader);
  EXPECT_NE(error.find("STATUS_DELETE_PENDING"), std::string::npos);
}

}  // namespace
}  // namespace readerkit::ccid

namespace readerkit::ccid {
namespace {

// bTimerOut 1E, ASCII left in an 8-byte block, 4..8 digits, validation key, template VERIFY
// 00 20 00 01 08 FF*8 (the same structure as secure_test.cpp).
const Bytes kVerifyStructure =
    hex("1E 00 82 08 00 08 04 02 01 0904 00 000000 0D000000"
        "0020000108 FFFFFFFFFFFFFFFF");

ClassDescriptor pin_pad_descriptor(std::uint8_t pin_support) {
  ClassDescriptor d = descriptor(feature::LEVEL_SHORT_APDU, 3);
  d.bPINSupport = pin_support;
  d.wLcdLayout = 0x0210;
  return d;
}

// A PIN pad reader at APDU level with its card in SPECIFIC state; `on_secure` answers the
// PC_to_RDR_Secure frames (the default: 90 00 after one time extension, as while typing).
struct PinPadHarness : Harness {
  explicit PinPadHarness(std::uint8_t pin_support) : Harness(pin_pad_descriptor(pin_support)) {
    card.override_reply = [this](const Bytes& cmd) -> std::optional<Bytes> {
      if (at(cmd, 0) != 0x69) return std::nullopt;
      secure_frames.push_back(cmd);
      return on_secure(cmd);
    };
  }
  void bring_up() {
    ASSERT_EQ(power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
    ASSERT_EQ(protocol(SCARD_PROTOCOL_T0), Status::SUCCESS);
  }
  IoResult pin(std::uint32_t code, const Bytes& structure, Bytes& out) {
    return ioctl(code, structure, out);
  }
  std::function<Bytes(const Bytes&)> on_secure = [](const Bytes& cmd) {
    return frame(0x80, at(cmd, 5), at(cmd, 6), 0x00, 0, 0, hex("9000"));
  };
  std::vector<Bytes> secure_frames;
};

TEST(CcidPinPad, BPinSupportGivesThePinPadWithTheDisplayAndNoSizes) {
  PinPadHarness h(kPinVerification | kPinModification);
  const auto pin_pad = h.dev().reader().pin_pad;
  ASSERT_TRUE(pin_pad);
  EXPECT_EQ(pin_pad->lcd_layout, 0x0210);
  EXPECT_TRUE(pin_pad->verify);
  EXPECT_TRUE(pin_pad->modify);
  EXPECT_EQ(pin_pad->min_digits, 0);  // the descriptor has no PIN sizes: none announced
  // bMinPINSize / bMaxPINSize are left out of the TLV properties.
  EXPECT_EQ(pin_tlv_properties(*pin_pad), hex("01 02 1002 02 01 02 03 01 00"));
  Harness plain(descriptor(feature::LEVEL_SHORT_APDU, 3));
  EXPECT_FALSE(plain.dev().reader().pin_pad);
  Bytes out(16);
  EXPECT_EQ(plain.ioctl(IOCTL_FEATURE_VERIFY_PIN_DIRECT, kVerifyStructure, out).status,
            Status::NOT_SUPPORTED);
}

TEST(CcidPinPad, VerifyGoesAsOneSecureMessageAndTheCardsAnswerComesBack) {
  PinPadHarness h(kPinVerification);
  h.bring_up();
  // While the user types, the reader asks for more time (bmCommandStatus 2), then answers.
  h.usb->set_responder([&h](const Bytes& cmd) {
    if (at(cmd, 0) != 0x69) return std::vector<Bytes>{frame(0x81, at(cmd, 5), at(cmd, 6), 0, 0, 0)};
    h.secure_frames.push_back(cmd);
    return std::vector<Bytes>{frame(0x80, at(cmd, 5), at(cmd, 6), 0x80, 0x01, 0),
                              frame(0x80, at(cmd, 5), at(cmd, 6), 0x00, 0x00, 0, hex("63C2"))};
  });
  Bytes out(16);
  auto r = h.pin(IOCTL_FEATURE_VERIFY_PIN_DIRECT, kVerifyStructure, out);
  ASSERT_EQ(r.status, Status::SUCCESS);
  EXPECT_EQ(to_hex(std::span(out).first(r.information)), "63C2");
  ASSERT_EQ(h.secure_frames.size(), 1u);
  // bPINOperation 00, then the structure without bTimerOut2 and ulDataLength.
  const Bytes& sent = h.secure_frames[0];
  EXPECT_EQ(Bytes(sent.begin() + 10, sent.end()),
            hex("00 1E 82 08 00 08 04 02 01 0904 00 000000 0020000108 FFFFFFFFFFFFFFFF"));
  // A verify-only reader refuses a modify before any USB traffic.
  EXPECT_EQ(h.pin(IOCTL_FEATURE_MODIFY_PIN_DIRECT, kVerifyStructure, out).status,
            Status::NOT_SUPPORTED);
  EXPECT_EQ(h.secure_frames.size(), 1u);
}

TEST(CcidPinPad, ReaderErrorsBecomePart10ResultWords) {
  struct Case {
    std::uint8_t error;
    const char* word;
  };
  for (const Case c : {Case{0xF0, "6400"}, Case{0xEF, "6401"}, Case{0x05, "6B80"}}) {
    PinPadHarness h(kPinVerification | kPinModification);
    h.bring_up();
    h.on_secure = [&c](const Bytes& cmd) {
      return frame(0x80, at(cmd, 5), at(cmd, 6), 0x40, c.error, 0);
    };
    Bytes out(16);
    auto r = h.pin(IOCTL_FEATURE_VERIFY_PIN_DIRECT, kVerifyStructure, out);
    ASSERT_EQ(r.status, Status::SUCCESS) << int(c.error);
    EXPECT_EQ(to_hex(std::span(out).first(r.information)), c.word);
  }
}

TEST(CcidPinPad, MalformedStructureIsRefusedWithoutTheReaderAndNoCardIsNoMedia) {
  PinPadHarness h(kPinVerification | kPinModification);
  h.bring_up();
  Bytes bad = kVerifyStructure;
  bad.resize(bad.size() - 3);  // ulDataLength now promises more than follows
  Bytes out(16);
  auto r = h.pin(IOCTL_FEATURE_VERIFY_PIN_DIRECT, bad, out);
  ASSERT_EQ(r.status, Status::SUCCESS);
  EXPECT_EQ(to_hex(std::span(out).first(r.information)), "6B80");
  EXPECT_TRUE(h.secure_frames.empty());
  h.card.present = false;
  h.dev().card_removed();
  EXPECT_EQ(h.pin(IOCTL_FEATURE_VERIFY_PIN_DIRECT, kVerifyStructure, out).status, Status::NO_MEDIA);
  EXPECT_TRUE(h.secure_frames.empty());
}

}  // namespace
}  // namespace readerkit::ccid
