// SPDX-License-Identifier: MIT
// Drives a simulated reader through its Device's IOCTLs, as a host would.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "readerkit/attribute.hpp"
#include "readerkit/bytes.hpp"
#include "readerkit/card.hpp"
#include "readerkit/device.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/sim/sim_reader.hpp"

namespace readerkit::sim::testing {

inline Bytes hex(std::string_view text) {
  auto b = from_hex(text);
  EXPECT_TRUE(b.has_value()) << text;
  return b.value_or(Bytes{});
}

/// Bytes 00 01 02 ... (i mod 256).
inline Bytes pattern(std::size_t n) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::byte>(i & 0xFF);
  return out;
}

inline Bytes concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// A response split into data and status word.
struct Answer {
  Status status = Status::SUCCESS;
  Bytes data;
  std::uint16_t sw = 0;
};

class SimHost {
 public:
  explicit SimHost(std::vector<std::string> fields = {}) {
    std::string error;
    reader = open_sim_reader(fields, {}, error);
    if (!reader) ADD_FAILURE() << "open_sim_reader: " << error;
  }

  Device& device() { return reader->slot(0); }

  IoResult ioctl(std::uint32_t code, const Bytes& in, Bytes& out, std::size_t out_size = 70000) {
    out.assign(out_size, std::byte{0});
    IoResult r = device().control(code, in, out);
    out.resize(r.information);
    return r;
  }

  Status power(PowerAction action, Bytes* atr = nullptr) {
    Bytes out;
    IoResult r = ioctl(IOCTL_SMARTCARD_POWER, le32_bytes(static_cast<std::uint32_t>(action)), out);
    if (atr) *atr = out;
    return r.status;
  }

  Status set_protocol(std::uint32_t mask, std::uint32_t* selected = nullptr) {
    Bytes out;
    IoResult r = ioctl(IOCTL_SMARTCARD_SET_PROTOCOL, le32_bytes(mask), out);
    if (selected && r.status == Status::SUCCESS) *selected = load_le32(out);
    return r.status;
  }

  /// Cold reset then SET_PROTOCOL; asserts both succeed.
  void start(std::uint32_t mask) {
    ASSERT_EQ(power(PowerAction::SCARD_COLD_RESET), Status::SUCCESS);
    ASSERT_EQ(set_protocol(mask), Status::SUCCESS);
  }

  /// One TRANSMIT with the selected protocol; the command goes as given.
  Answer transmit(const Bytes& command) {
    Bytes in = transmit_request(device().card().protocol_selected, command);
    Bytes out;
    IoResult r = ioctl(IOCTL_SMARTCARD_TRANSMIT, in, out);
    Answer a;
    a.status = r.status;
    if (r.status != Status::SUCCESS || out.size() < 10) return a;
    a.data.assign(out.begin() + 8, out.end() - 2);
    a.sw = static_cast<std::uint16_t>(static_cast<std::uint8_t>(out[out.size() - 2]) << 8 |
                                      static_cast<std::uint8_t>(out[out.size() - 1]));
    return a;
  }

  CardState state() { return device().state(); }

  std::uint32_t attr_u32(std::uint32_t id) {
    Bytes out;
    IoResult r = ioctl(IOCTL_SMARTCARD_GET_ATTRIBUTE, le32_bytes(id), out, 64);
    EXPECT_EQ(r.status, Status::SUCCESS);
    return out.size() >= 4 ? load_le32(out) : 0;
  }

  CommandReply command(const std::string& line) {
    std::vector<std::string> words;
    std::string w;
    for (char c : line + " ") {
      if (c == ' ') {
        if (!w.empty()) words.push_back(w);
        w.clear();
      } else {
        w += c;
      }
    }
    return reader->command(words);
  }

  std::unique_ptr<SimReader> reader;
};

}  // namespace readerkit::sim::testing
