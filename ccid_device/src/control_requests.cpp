// SPDX-License-Identifier: MIT
// Endpoint 0 requests (USB 2.0 §9.4, CCID rev 1.1 §5.3), one table row per request.
#include "control_requests.hpp"

#include <algorithm>
#include <array>

#include "readerkit/ccid/wire.hpp"

namespace readerkit::ccid_device {
namespace {

// bmRequestType values: direction | type | recipient.
constexpr std::uint8_t kToDevice = 0x00, kToInterface = 0x01, kToEndpoint = 0x02;
constexpr std::uint8_t kFromDevice = 0x80, kFromInterface = 0x81, kFromEndpoint = 0x82;
constexpr std::uint8_t kClassToInterface = 0x21, kClassFromInterface = 0xA1;

// bRequest values.
constexpr std::uint8_t GET_STATUS = 0, CLEAR_FEATURE = 1, SET_FEATURE = 3, SET_ADDRESS = 5,
                       GET_DESCRIPTOR = 6, GET_CONFIGURATION = 8, SET_CONFIGURATION = 9,
                       GET_INTERFACE = 10, SET_INTERFACE = 11;
constexpr std::uint8_t ABORT = ccid::kRequestAbort, GET_CLOCK_FREQUENCIES = 0x02,
                       GET_DATA_RATES = 0x03;

using Answer = usbip::UrbResult;

Answer data(Bytes bytes, std::uint16_t w_length) {
  if (bytes.size() > w_length) bytes.resize(w_length);
  return Answer::in(std::move(bytes));
}
Answer done() {
  return {};
}
Answer stall() {
  return Answer{kStall, {}, 0};
}

struct Context {
  const Setup& setup;
  const Descriptors& descriptors;
  ControlState& state;
};

Answer get_descriptor(const Context& c) {
  const auto type = static_cast<std::uint8_t>(c.setup.wValue >> 8);
  const auto index = static_cast<std::uint8_t>(c.setup.wValue & 0xFF);
  switch (type) {
    case 1:
      return data(c.descriptors.device, c.setup.wLength);
    case 2:
      return index == 0 ? data(c.descriptors.configuration, c.setup.wLength) : stall();
    case 3: {
      auto text = string_descriptor(c.descriptors, index);
      return text.empty() ? stall() : data(std::move(text), c.setup.wLength);
    }
    default:
      return stall();  // device qualifier and the rest: a full-speed device has none
  }
}

Answer set_configuration(const Context& c) {
  if (c.setup.wValue > 1) return stall();
  c.state.configuration = static_cast<std::uint8_t>(c.setup.wValue);
  return done();
}

Answer two_zero_bytes(const Context& c) {
  return data(Bytes(2), c.setup.wLength);
}
Answer configuration(const Context& c) {
  return data(Bytes{std::byte{c.state.configuration}}, c.setup.wLength);
}
Answer alternate_setting(const Context& c) {
  return data(Bytes(1), c.setup.wLength);
}
Answer set_interface(const Context& c) {
  return c.setup.wValue == 0 ? done() : stall();
}
Answer accept(const Context&) {
  return done();
}

Answer abort(const Context& c) {
  if (c.state.on_abort) {
    c.state.on_abort(static_cast<std::uint8_t>(c.setup.wValue & 0xFF),
                     static_cast<std::uint8_t>(c.setup.wValue >> 8));
  }
  return done();
}
Answer clock_frequencies(const Context& c) {
  return data(le32_bytes(c.descriptors.ccid.dwDefaultClock), c.setup.wLength);
}
Answer data_rates(const Context& c) {
  return data(le32_bytes(c.descriptors.ccid.dwDataRate), c.setup.wLength);
}

struct Row {
  std::uint8_t request_type;
  std::uint8_t request;
  Answer (*run)(const Context&);
};

constexpr std::array kRequests{
    Row{kFromDevice, GET_DESCRIPTOR, get_descriptor},
    Row{kFromInterface, GET_DESCRIPTOR, get_descriptor},
    Row{kToDevice, SET_CONFIGURATION, set_configuration},
    Row{kFromDevice, GET_CONFIGURATION, configuration},
    Row{kToDevice, SET_ADDRESS, accept},
    Row{kFromDevice, GET_STATUS, two_zero_bytes},
    Row{kFromInterface, GET_STATUS, two_zero_bytes},
    Row{kFromEndpoint, GET_STATUS, two_zero_bytes},
    Row{kToDevice, CLEAR_FEATURE, accept},
    Row{kToEndpoint, CLEAR_FEATURE, accept},  // ENDPOINT_HALT: nothing is ever halted
    Row{kToDevice, SET_FEATURE, accept},
    Row{kToInterface, SET_INTERFACE, set_interface},
    Row{kFromInterface, GET_INTERFACE, alternate_setting},
    Row{kClassToInterface, ABORT, abort},
    Row{kClassFromInterface, GET_CLOCK_FREQUENCIES, clock_frequencies},
    Row{kClassFromInterface, GET_DATA_RATES, data_rates},
};

}  // namespace

Setup parse_setup(const std::array<std::byte, 8>& raw) {
  const auto u8 = [&](std::size_t i) { return std::to_integer<std::uint8_t>(raw[i]); };
  const auto u16 = [&](std::size_t i) {
    return static_cast<std::uint16_t>(u8(i) | u8(i + 1) << 8);
  };
  return Setup{u8(0), u8(1), u16(2), u16(4), u16(6)};
}

usbip::UrbResult handle_control(const usbip::Urb& urb, const Descriptors& descriptors,
                                ControlState& state) {
  const auto setup = parse_setup(urb.setup);
  const auto* row = std::find_if(kRequests.begin(), kRequests.end(), [&](const Row& r) {
    return r.request_type == setup.bmRequestType && r.request == setup.bRequest;
  });
  if (row == kRequests.end()) return stall();
  auto answer = row->run(Context{setup, descriptors, state});
  if (urb.direction == usbip::Direction::out && answer.status == 0) {
    answer.actual_length = static_cast<std::uint32_t>(urb.data.size());
  }
  return answer;
}

}  // namespace readerkit::ccid_device
