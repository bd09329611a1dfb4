// SPDX-License-Identifier: MIT
// The vpcd network reader: a reader whose card is a program speaking vsmartcard's vpcd protocol
// over TCP (vicc, Android remote-reader apps, card relays). SPEC (docs/contract/cli.md):
//   vpcd[:HOST[:PORT]][:key=value]...        listen for the card (default 127.0.0.1:35963)
//   vpcd:connect:HOST:PORT[:key=value]...    connect to a card listening in reversed mode
// Keys: slots=N (slot i uses PORT+i, as vsmartcard's vpcd does), timeout=MS (a card that does
// not answer a request within MS is dropped), reconnect=MS (reversed mode retry interval).
// docs/vpcd.md explains the behaviour and its decisions.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "readerkit/drivers/registry.hpp"
#include "readerkit/reader.hpp"

namespace readerkit::vpcd {

/// vsmartcard's default port, 0x8C7B.
inline constexpr std::uint16_t kDefaultPort = 35963;

/// What a vpcd SPEC asks for.
struct VpcdConfig {
  std::string host = "127.0.0.1";  // never all interfaces unless the SPEC names them
  std::uint16_t port = kDefaultPort;  // 0: the kernel picks a free port per slot (tests)
  bool reversed = false;           // true: connect to the card instead of listening
  std::size_t slots = 1;
  std::chrono::milliseconds timeout{5000};    // per request: send and whole answer
  std::chrono::milliseconds reconnect{500};   // reversed mode: delay between attempts
};

/// Parses the SPEC fields after "vpcd"; false with `error` set for a bad field.
bool parse_vpcd_fields(const std::vector<std::string>& fields, VpcdConfig& config,
                       std::string& error);

/// The vpcd reader: one Device per slot, each served by a background I/O thread that turns
/// card connections into card_inserted() and closed connections into card_removed().
class VpcdReader : public Reader {
 public:
  /// The TCP port slot `index` listens on (normal mode; the resolved one when PORT was 0) or
  /// connects to (reversed mode).
  virtual std::uint16_t port(std::size_t index) const = 0;
};

/// Opens the reader: binds every slot's listener (normal mode) and starts the I/O threads.
/// nullptr with `error` set when a field is bad or a port cannot be bound.
std::unique_ptr<VpcdReader> open_vpcd_reader(const VpcdConfig& config,
                                             const drivers::OpenOptions& options,
                                             std::string& error);

/// parse_vpcd_fields() then open_vpcd_reader(): the registry's factory.
std::unique_ptr<VpcdReader> open_vpcd_reader(const std::vector<std::string>& fields,
                                             const drivers::OpenOptions& options,
                                             std::string& error);

}  // namespace readerkit::vpcd
