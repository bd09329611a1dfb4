// SPDX-License-Identifier: MIT
// transmit_apdu() through a real Device and a scripted driver: one TRANSMIT per TPDU, the
// selected protocol in the header, T=0 mapping only over T=0.
#include <gtest/gtest.h>

#include "device_helpers.hpp"
#include "protocol_test_util.hpp"
#include "readerkit/apdu.hpp"
#include "readerkit/io_request.hpp"

namespace readerkit {
namespace {

using test::hex;

/// The command bytes of each recorded TRANSMIT (after SCARD_IO_REQUEST).
std::vector<std::string> sent_commands(const test::ScriptedDriver& driver) {
  std::vector<std::string> out;
  for (const auto& call : driver.calls(Rdf::RDF_TRANSMIT))
    out.push_back(to_hex(std::span(call.request).subspan(SCARD_IO_REQUEST_SIZE)));
  return out;
}

test::Step answer(std::uint32_t protocol, const std::string& response) {
  Bytes reply = le32_bytes(protocol);
  const Bytes pci = le32_bytes(8);
  reply.insert(reply.end(), pci.begin(), pci.end());
  const Bytes r = hex(response);
  reply.insert(reply.end(), r.begin(), r.end());
  return test::Step{Status::SUCCESS, reply, {}};
}

TEST(TransmitApdu, T0FetchesTheAnswerWithGetResponse) {
  test::ScriptedDevice sd;
  sd.driver.atr = test::atr_t0_only();
  test::bring_to_specific(*sd.device, SCARD_PROTOCOL_T0);
  sd.driver.script(Rdf::RDF_TRANSMIT, answer(SCARD_PROTOCOL_T0, "6102"));
  sd.driver.script(Rdf::RDF_TRANSMIT, answer(SCARD_PROTOCOL_T0, "AABB9000"));
  auto r = transmit_apdu(*sd.device, hex("00A40400023F0000"));
  ASSERT_TRUE(r.ok()) << status_name(r.status());
  EXPECT_EQ(to_hex(*r), "AABB9000");
  EXPECT_EQ(sent_commands(sd.driver), (std::vector<std::string>{"00A40400023F00", "00C0000002"}));
  for (const auto& call : sd.driver.calls(Rdf::RDF_TRANSMIT))
    EXPECT_EQ(load_le32(call.request), SCARD_PROTOCOL_T0);
}

TEST(TransmitApdu, T1PassesTheApduUnchanged) {
  test::ScriptedDevice sd;
  sd.driver.atr = test::atr_t0_t1();
  test::bring_to_specific(*sd.device, SCARD_PROTOCOL_T1);
  sd.driver.script(Rdf::RDF_TRANSMIT, answer(SCARD_PROTOCOL_T1, "6102"));
  auto r = transmit_apdu(*sd.device, hex("00A40400023F0000"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(to_hex(*r), "6102");
  EXPECT_EQ(sent_commands(sd.driver), (std::vector<std::string>{"00A40400023F0000"}));
}

TEST(TransmitApdu, FailureStatusOfTheTransmitComesBack) {
  test::ScriptedDevice sd;
  sd.driver.atr = test::atr_t0_t1();
  test::bring_to_specific(*sd.device, SCARD_PROTOCOL_T1);
  sd.driver.script(Rdf::RDF_TRANSMIT, test::Step{Status::DEVICE_PROTOCOL_ERROR, {}, {}});
  EXPECT_EQ(transmit_apdu(*sd.device, hex("00B0000000")).status(), Status::DEVICE_PROTOCOL_ERROR);
}

TEST(TransmitApdu, NoProtocolSelectedIsInvalidState) {
  test::ScriptedDevice sd;
  EXPECT_EQ(transmit_apdu(*sd.device, hex("00B0000000")).status(), Status::INVALID_DEVICE_STATE);
}

}  // namespace
}  // namespace readerkit
