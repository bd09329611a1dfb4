// SPDX-License-Identifier: MIT
// FEATURE_VERIFY/MODIFY_PIN_DIRECT and IFD_PIN_PROPERTIES at the device (docs/pinpad.md): the
// entries come from RDF_PIN_ENTRY, the APDU goes through RDF_TRANSMIT marked secret, the shared
// protocol buffer is wiped after it, and every part 10 result word.
#include <gtest/gtest.h>

#include <algorithm>

#include "device_helpers.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/pinpad.hpp"

namespace readerkit {
namespace {

using test::ScriptedDevice;
using test::Step;

Bytes text(std::string_view s) {
  Bytes b;
  for (char c : s) b.push_back(static_cast<std::byte>(c));
  return b;
}

ReaderCapabilities with_pin_pad() {
  ReaderCapabilities r;
  r.pin_pad = PinPadProperties{};
  return r;
}

// ASCII digits into a variable block of ISO VERIFY, reference 01.
Bytes verify_structure() {
  PinVerify v;
  v.common.layout.format = PinFormat::ascii;
  v.common.min_digits = 4;
  v.common.max_digits = 8;
  v.common.apdu = {std::byte{0x00}, std::byte{0x20}, std::byte{0x00}, std::byte{0x01},
                   std::byte{0x00}};
  return encode_pin_verify(v);
}

struct PinPadDevice : ScriptedDevice {
  PinPadDevice() : ScriptedDevice(with_pin_pad()) { test::bring_to_specific(*device); }
  test::Outcome verify() {
    return test::ioctl(*device, IOCTL_FEATURE_VERIFY_PIN_DIRECT, verify_structure(), 64);
  }
  void type(std::string_view digits) {
    driver.script(Rdf::RDF_PIN_ENTRY, Step{Status::SUCCESS, text(digits), {}});
  }
};

TEST(DevicePinPad, TheApduGoesToTheCardMarkedSecretAndOnlyIt) {
  PinPadDevice s;
  s.type("1234");
  const auto o = s.verify();
  ASSERT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, (Bytes{std::byte{0x90}, std::byte{0x00}}));
  const auto pin = s.driver.calls(Rdf::RDF_TRANSMIT).at(0);
  EXPECT_TRUE(pin.secret);
  EXPECT_EQ(pin.request, test::io_request(SCARD_PROTOCOL_T1,
                                          {0x00, 0x20, 0x00, 0x01, 0x04, 0x31, 0x32, 0x33, 0x34}));
  const auto entry = s.driver.calls(Rdf::RDF_PIN_ENTRY).at(0);
  EXPECT_FALSE(entry.secret);
  EXPECT_EQ(entry.minor, static_cast<std::uint32_t>(PinPromptKind::current));
  test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00, 0xB0, 0x00, 0x00, 0x02});
  EXPECT_FALSE(s.driver.calls(Rdf::RDF_TRANSMIT).at(1).secret);
}

TEST(DevicePinPad, TheDriversProtocolBufferIsWipedAfterThePin) {
  PinPadDevice s;
  s.type("1234");
  // A driver's protocol engine leaves the APDU it framed in the shared request buffer.
  s.driver.script(Rdf::RDF_TRANSMIT, Step{Status::SUCCESS, {}, [](CallbackParams& p) {
                                            IoBuffer& b = *p.smartcard_request;
                                            b.buffer.assign(p.request.begin(), p.request.end());
                                            b.length = b.buffer.size();
                                            store_le32(p.reply, SCARD_PROTOCOL_T1);
                                            store_le32(p.reply.subspan(4), 8);
                                            p.reply[8] = std::byte{0x90};
                                            p.reply[9] = std::byte{0x00};
                                            *p.bytes_returned = 10;
                                          }});
  ASSERT_EQ(s.verify().status, Status::SUCCESS);
  Bytes seen;
  s.driver.script(Rdf::RDF_TRANSMIT, Step{Status::SUCCESS, {}, [&](CallbackParams& p) {
                                            seen = p.smartcard_request->buffer;
                                          }});
  test::transmit(*s.device, SCARD_PROTOCOL_T1, {0x00});
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::ranges::all_of(seen, [](std::byte b) { return b == std::byte{0}; }));
}

TEST(DevicePinPad, EntryOutcomesBecomePart10Words) {
  struct Case {
    Step entry;
    std::uint16_t sw;
  };
  const Case cases[] = {
      {Step{Status::IO_TIMEOUT, {}, {}}, 0x6400},
      {Step{Status::CANCELLED, {}, {}}, 0x6401},
      {Step{Status::SUCCESS, text("12"), {}}, 0x6403},
      {Step{Status::SUCCESS, text("123456789"), {}}, 0x6403},
      {Step{Status::SUCCESS, text("12a4"), {}}, 0x6403},
  };
  for (const Case& c : cases) {
    PinPadDevice s;
    s.driver.script(Rdf::RDF_PIN_ENTRY, c.entry);
    const auto o = s.verify();
    ASSERT_EQ(o.status, Status::SUCCESS);
    EXPECT_EQ(o.output, pin_error_sw(static_cast<PinError>(c.sw))) << std::hex << c.sw;
    EXPECT_EQ(s.driver.count(Rdf::RDF_TRANSMIT), 0u);  // nothing reached the card
  }
}

TEST(DevicePinPad, MalformedStructureIs6B80AndNoEntry) {
  PinPadDevice s;
  Bytes bad = verify_structure();
  bad.pop_back();  // ulDataLength now says one byte more than there is
  const auto o = test::ioctl(*s.device, IOCTL_FEATURE_VERIFY_PIN_DIRECT, bad, 64);
  ASSERT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, pin_error_sw(PinError::invalid_structure));
  EXPECT_EQ(s.driver.count(Rdf::RDF_PIN_ENTRY), 0u);
}

TEST(DevicePinPad, CardRemovedDuringTheEntryIsNoMedia) {
  PinPadDevice s;
  s.driver.script(Rdf::RDF_PIN_ENTRY, Step{Status::SUCCESS, text("1234"),
                                           [](CallbackParams& p) { p.device->card_removed(); }});
  EXPECT_EQ(s.verify().status, Status::NO_MEDIA);
}

TEST(DevicePinPad, NeedsAPinPadAndASpecificCard) {
  ScriptedDevice plain({}, {}, {Rdf::RDF_PIN_ENTRY});
  test::bring_to_specific(*plain.device);
  EXPECT_EQ(
      test::ioctl(*plain.device, IOCTL_FEATURE_VERIFY_PIN_DIRECT, verify_structure(), 64).status,
      Status::NOT_SUPPORTED);
  ScriptedDevice unpowered(with_pin_pad());
  unpowered.device->card_inserted();
  EXPECT_EQ(test::ioctl(*unpowered.device, IOCTL_FEATURE_VERIFY_PIN_DIRECT, verify_structure(), 64)
                .status,
            Status::INVALID_DEVICE_STATE);
}

TEST(DevicePinPad, PropertiesComeFromTheReader) {
  PinPadDevice s;
  const auto o = test::ioctl(*s.device, IOCTL_FEATURE_IFD_PIN_PROPERTIES, {}, 16);
  ASSERT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, pin_properties_structure(PinPadProperties{}));
}

}  // namespace
}  // namespace readerkit

namespace readerkit {
namespace {

// A reader that runs the operation itself (RDF_PIN_OPERATION, a CCID reader's Secure): the
// library checks the structure and hands it over; no keypad entry, no RDF_TRANSMIT.
struct ReaderRunsIt {
  explicit ReaderRunsIt(PinPadProperties properties = {}) {
    CallbackTable table = driver.table({Rdf::RDF_PIN_ENTRY});
    table[Rdf::RDF_PIN_OPERATION] = [this](CallbackParams& p) {
      minors.push_back(p.minor_code);
      structures.emplace_back(p.request.begin(), p.request.end());
      if (status != Status::SUCCESS) return status;
      std::copy(answer.begin(), answer.end(), p.reply.begin());
      *p.bytes_returned = answer.size();
      return Status::SUCCESS;
    };
    ReaderCapabilities reader;
    reader.pin_pad = properties;
    device = std::make_unique<Device>(std::move(table), reader);
  }
  test::Outcome run(std::uint32_t code, const Bytes& structure) {
    return test::ioctl(*device, code, structure, 64);
  }
  test::ScriptedDriver driver;
  std::vector<std::uint32_t> minors;
  std::vector<Bytes> structures;
  Status status = Status::SUCCESS;
  Bytes answer{std::byte{0x90}, std::byte{0x00}};
  std::unique_ptr<Device> device;
};

Bytes modify_structure() {
  PinModify m;
  m.common.layout.format = PinFormat::ascii;
  m.common.min_digits = 4;
  m.common.max_digits = 8;
  m.common.apdu = {std::byte{0x00}, std::byte{0x24}, std::byte{0x00}, std::byte{0x01},
                   std::byte{0x00}};
  m.confirm = 0x01;
  return encode_pin_modify(m);
}

TEST(DevicePinOperation, TheValidatedStructureGoesToTheReaderAndItsAnswerBack) {
  ReaderRunsIt r;
  test::bring_to_specific(*r.device);
  r.answer = {std::byte{0x63}, std::byte{0xC2}};
  const auto o = r.run(IOCTL_FEATURE_VERIFY_PIN_DIRECT, verify_structure());
  ASSERT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, r.answer);
  EXPECT_EQ(r.structures, std::vector<Bytes>{verify_structure()});
  EXPECT_EQ(r.minors, std::vector<std::uint32_t>{0});
  EXPECT_EQ(r.driver.count(Rdf::RDF_TRANSMIT), 0u);
  ASSERT_EQ(r.run(IOCTL_FEATURE_MODIFY_PIN_DIRECT, modify_structure()).status, Status::SUCCESS);
  EXPECT_EQ(r.minors.back(), 1u);
}

TEST(DevicePinOperation, AMalformedStructureNeverReachesTheReader) {
  ReaderRunsIt r;
  test::bring_to_specific(*r.device);
  Bytes bad = verify_structure();
  bad.pop_back();
  const auto o = r.run(IOCTL_FEATURE_VERIFY_PIN_DIRECT, bad);
  ASSERT_EQ(o.status, Status::SUCCESS);
  EXPECT_EQ(o.output, pin_error_sw(PinError::invalid_structure));
  EXPECT_TRUE(r.structures.empty());
}

TEST(DevicePinOperation, ReaderFailuresAndMissingOperationsAreStatuses) {
  PinPadProperties verify_only;
  verify_only.modify = false;
  ReaderRunsIt r(verify_only);
  EXPECT_EQ(r.run(IOCTL_FEATURE_VERIFY_PIN_DIRECT, verify_structure()).status, Status::NO_MEDIA);
  test::bring_to_specific(*r.device);
  EXPECT_EQ(r.run(IOCTL_FEATURE_MODIFY_PIN_DIRECT, modify_structure()).status,
            Status::NOT_SUPPORTED);
  r.status = Status::IO_TIMEOUT;  // the reader itself stopped answering
  EXPECT_EQ(r.run(IOCTL_FEATURE_VERIFY_PIN_DIRECT, verify_structure()).status, Status::IO_TIMEOUT);
  EXPECT_EQ(r.structures.size(), 1u);
}

}  // namespace
}  // namespace readerkit
