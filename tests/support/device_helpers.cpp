// SPDX-License-Identifier: MIT
// Test helpers to issue IOCTLs (see device_helpers.hpp).
#include "device_helpers.hpp"

#include <gtest/gtest.h>

#include "readerkit/ioctl.hpp"

namespace readerkit::test {

Outcome ioctl(Device& d, std::uint32_t code, const Bytes& input, std::size_t out_size,
              Completion done) {
  Bytes out(out_size);
  const IoResult r = d.control(code, input, out, std::move(done));
  out.resize(std::min(r.information, out.size()));
  return {r.status, r.information, out};
}

Outcome get_attribute(Device& d, std::uint32_t id, std::size_t out_size) {
  return ioctl(d, IOCTL_SMARTCARD_GET_ATTRIBUTE, le32_bytes(id), out_size);
}

Outcome set_attribute(Device& d, std::uint32_t id, const Bytes& value) {
  Bytes in = le32_bytes(id);
  in.insert(in.end(), value.begin(), value.end());
  return ioctl(d, IOCTL_SMARTCARD_SET_ATTRIBUTE, in, 0);
}

Outcome power(Device& d, PowerAction action, std::size_t out_size) {
  return ioctl(d, IOCTL_SMARTCARD_POWER, le32_bytes(static_cast<std::uint32_t>(action)), out_size);
}

Outcome set_protocol(Device& d, std::uint32_t mask, std::size_t out_size) {
  return ioctl(d, IOCTL_SMARTCARD_SET_PROTOCOL, le32_bytes(mask), out_size);
}

Outcome transmit(Device& d, std::uint32_t protocol, std::initializer_list<std::uint8_t> apdu,
                 std::size_t out_size) {
  return ioctl(d, IOCTL_SMARTCARD_TRANSMIT, io_request(protocol, apdu), out_size);
}

std::uint32_t get_state(Device& d) {
  const Outcome o = ioctl(d, IOCTL_SMARTCARD_GET_STATE, {}, 4);
  EXPECT_EQ(o.status, Status::SUCCESS);
  return o.output.size() == 4 ? load_le32(o.output) : 0xFFFFFFFFu;
}

std::uint32_t last_error(Device& d) {
  const Outcome o = ioctl(d, IOCTL_SMARTCARD_GET_LAST_ERROR, {}, 4);
  EXPECT_EQ(o.status, Status::SUCCESS);
  return o.output.size() == 4 ? load_le32(o.output) : 0xFFFFFFFFu;
}

void bring_to_specific(Device& d, std::uint32_t mask) {
  d.card_inserted();
  ASSERT_EQ(power(d, PowerAction::SCARD_COLD_RESET).status, Status::SUCCESS);
  ASSERT_EQ(set_protocol(d, mask).status, Status::SUCCESS);
  ASSERT_EQ(d.state(), CardState::SCARD_SPECIFIC);
}

ScriptedDevice::ScriptedDevice(ReaderCapabilities reader, DeviceConfig config,
                               std::initializer_list<Rdf> without)
    : device(
          std::make_unique<Device>(driver.table(without), std::move(reader), std::move(config))) {}

}  // namespace readerkit::test
