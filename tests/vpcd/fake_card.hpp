// SPDX-License-Identifier: MIT
// A scripted vpcd card for tests: it connects to a reader (or listens, for reversed mode) and
// answers each message with whatever raw bytes the test scripts, so well-formed cards and
// misbehaving peers (oversized lengths, partial frames, silence, garbage) use one tool.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "readerkit/bytes.hpp"

namespace readerkit::vpcd::test {

/// A frame as the vpcd protocol carries it: 2-byte big-endian length, payload.
Bytes frame(std::span<const std::byte> payload);
Bytes frame(std::initializer_list<int> payload);
Bytes bytes(std::initializer_list<int> values);

/// vicc's iso7816 ATR (T=1 offered), and a T=0-only ATR.
Bytes vicc_atr();
Bytes t0_atr();

class FakeCard {
 public:
  /// Raw bytes to send back for one received payload; nullopt: send nothing.
  using Script = std::function<std::optional<Bytes>(std::span<const std::byte> payload)>;

  /// A well-behaved card: ATR on VPCD_CTRL_ATR, nothing for the other control bytes, and for
  /// an APDU the bytes after its 5-byte header echoed back with 90 00.
  static Script echo_card(Bytes atr);

  /// Connects to a listening reader on 127.0.0.1:port; nullptr when refused.
  static std::unique_ptr<FakeCard> connect(std::uint16_t port, Script script);
  /// Listens on 127.0.0.1:port (0: a free port) for a reader in reversed mode.
  static std::unique_ptr<FakeCard> listen(Script script, std::uint16_t port = 0);

  ~FakeCard();
  /// Sends raw bytes unprompted (garbage tests).
  void send_raw(std::span<const std::byte> raw);
  /// Closes the connection right after the next answer (a card that dies mid-conversation).
  void hang_up_after_answer() { hang_up_after_answer_ = true; }
  /// Closes the connection: for the reader, the card was removed.
  void close();
  /// True once the peer closed the connection (or it broke).
  bool peer_closed() const { return peer_closed_; }
  std::uint16_t port() const { return port_; }
  /// Every payload received so far, in order.
  std::vector<Bytes> received() const;

 private:
  FakeCard(Script script) : script_(std::move(script)) {}
  void serve();
  bool read_full(std::span<std::byte> out);

  Script script_;
  int fd_ = -1;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> peer_closed_{false};
  std::atomic<bool> hang_up_after_answer_{false};
  mutable std::mutex mutex_;
  std::vector<Bytes> received_;
  std::thread thread_;
};

}  // namespace readerkit::vpcd::test
