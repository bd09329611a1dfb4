// SPDX-License-Identifier: MIT
// Helpers shared by the protocol layer's unit tests: hex literals and a callback-parameter
// fixture holding every buffer a protocol helper touches.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "readerkit/bytes.hpp"
#include "readerkit/capabilities.hpp"
#include "readerkit/card.hpp"
#include "readerkit/driver.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/protocol_state.hpp"

namespace readerkit::test {

/// Bytes from hex text with spaces; aborts the test on bad hex.
inline Bytes hex(std::string_view text) {
  auto b = from_hex(text);
  EXPECT_TRUE(b.has_value()) << "bad hex in test: " << text;
  return b.value_or(Bytes{});
}

/// Callback parameters for a TRANSMIT with owned buffers.
struct TransmitFixture {
  CardCapabilities card;
  ReaderCapabilities reader;
  ProtocolState protocol;
  IoBuffer smartcard_request{Bytes(70000), 0};
  IoBuffer smartcard_reply{Bytes(70000), 0};
  Bytes input;
  Bytes output = Bytes(70000);
  std::size_t returned = 0;
  CallbackParams params;

  /// Prepares a TRANSMIT of `command` with `protocol` in the SCARD_IO_REQUEST header.
  CallbackParams& transmit(const Bytes& command, std::uint32_t protocol_bit) {
    input = transmit_request(protocol_bit, command);
    params = CallbackParams{};
    params.request = input;
    params.reply = output;
    params.bytes_returned = &returned;
    params.card = &card;
    params.reader = &reader;
    params.protocol = &protocol;
    params.smartcard_request = &smartcard_request;
    params.smartcard_reply = &smartcard_reply;
    return params;
  }

  /// The response after the SCARD_IO_REQUEST header, as hex.
  std::string response_hex() const {
    if (returned < 8) return "<none>";
    return to_hex(std::span(output).subspan(8, returned - 8));
  }
};

}  // namespace readerkit::test
