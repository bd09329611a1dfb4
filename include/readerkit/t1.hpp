// SPDX-License-Identifier: MIT
// The T=1 block protocol engine (ISO/IEC 7816-3 §11; docs/t1.md) and the contract's helpers
// built on it (docs/contract/ioctl.md §6):
//  - request/reply form: the driver calls t1_request() (next block into smartcard_request),
//    moves it to the card, puts the card's block in smartcard_reply (length 0 when nothing came
//    within t1_wait_us()), calls t1_reply(); MORE_PROCESSING_REQUIRED means "again".
//  - loop form: t1_transmit() runs the whole exchange over a BlockTransport.
// The engine works with logical bytes (inverse convention is converted by the transport).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "readerkit/apdu.hpp"
#include "readerkit/driver.hpp"
#include "readerkit/protocol_state.hpp"
#include "readerkit/status.hpp"
#include "readerkit/t1_frame.hpp"
#include "readerkit/transport.hpp"

namespace readerkit {

/// Failed attempts at one step before resynchronising (§11.6.3.2, rule 7.4.1 ... 3 tries).
inline constexpr std::uint8_t T1_MAX_RETRIES = 3;
/// S(RESYNCH) requests per exchange before reporting a protocol error (rule 7.4.3).
inline constexpr std::uint8_t T1_MAX_RESYNCHS = 3;
/// Consecutive silent waits after which a mute card ends the exchange with IO_TIMEOUT.
inline constexpr std::uint8_t T1_MAX_TIMEOUTS = 4;
/// Card S-requests (WTX, IFS) accepted in one exchange: bounds a card that never answers.
inline constexpr std::uint32_t T1_MAX_S_REQUESTS = 4096;

/// What one exchange needs to know besides the engine state.
struct T1Settings {
  std::uint32_t max_keepalive_ms = MAX_KEEPALIVE_MS_DEFAULT;  // ProtocolState::max_keepalive_ms
  Edc edc = Edc::lrc;
  std::uint8_t nad = 0;
  std::uint32_t ifsc = 32;       // card's IFSC at the start of the exchange
  std::uint32_t max_ifsd = 254;  // reader's MaxIFSD, announced by the initial S(IFS)
  bool suppress_ifs_request = false;
  std::uint32_t bwt_us = 0;
  std::uint32_t cwt_us = 0;
};

/// Settings from the callback parameters (card, reader, protocol state).
T1Settings t1_settings(const CallbackParams& params);

/// One command/response exchange over T=1. The object is a view: all state lives in
/// ProtocolState, so a new T1Engine on the same state resumes where the last one stopped.
/// The answer is assembled directly in `direct_response` when given (a span that must not
/// overlap the command: a resynchronisation sends the command again) and in ProtocolState
/// once it does not fit there, so a long answer is copied once, not twice.
/// Status results: MORE_PROCESSING_REQUIRED (send block()), SUCCESS (response() complete),
/// DEVICE_PROTOCOL_ERROR (retries spent, ABORT), IO_TIMEOUT (card mute).
class T1Engine {
 public:
  T1Engine(ProtocolState& state, const T1Settings& settings, std::span<const std::byte> command,
           std::span<std::byte> direct_response = {});

  /// Begins the exchange: the initial S(IFS request) when due (rule 4), else the first
  /// I-block. Returns MORE_PROCESSING_REQUIRED, or INVALID_PARAMETER for an empty command.
  Status start();
  /// Feeds the card's block; an empty span means nothing came within wait_us().
  Status on_block(std::span<const std::byte> received);

  /// The block to send now.
  std::span<const std::byte> block() const;
  /// The response once on_block() returned SUCCESS.
  std::span<const std::byte> response() const;
  /// How long to wait for the card's next block: BWT × the pending WTX multiplier (rule 3).
  std::uint32_t wait_us() const;

 private:
  // Normal operation (§11.6.2.3), one function per phase.
  Status on_valid_block(const t1::Block& b);
  Status in_ifs_request(const t1::Block& b);
  Status in_sending(const t1::Block& b);
  Status in_receiving(const t1::Block& b);
  Status in_resynch(const t1::Block& b);
  Status accept_card_i_block(const t1::Block& b);
  Status on_card_s_request(const t1::Block& b);
  Status send_next_chunk();
  Status send_ifs_request();
  // The answer's storage (src/t1_response.cpp).
  void clear_response();
  void append_response(std::span<const std::byte> inf);
  // Recovery (§11.6.3.2), one function per rule; src/t1_recovery.cpp.
  Status on_invalid_block(t1::RError error);
  Status on_timeout();
  Status retransmit_last_i_block();
  Status resynchronise();
  Status restart_after_resynch();
  Status fail(Status status);
  // Block output.
  Status send(std::uint8_t pcb, std::span<const std::byte> inf);
  Status send_r_block(t1::RError error);

  ProtocolState& state_;
  T1State& t1_;
  const T1Settings& settings_;
  std::span<const std::byte> command_;
  std::span<std::byte> direct_;
};

/// Request helper: builds the next block into *params.smartcard_request after the driver's
/// header bytes (its current length). Starts an exchange with the TRANSMIT command when none
/// is in progress. SUCCESS when a block is ready to send.
Status t1_request(CallbackParams& params);

/// Reply helper: checks the card's block in *params.smartcard_reply (length 0 = timeout) and
/// advances. MORE_PROCESSING_REQUIRED: call t1_request() and send again; SUCCESS: params.reply
/// holds SCARD_IO_REQUEST + response, *bytes_returned set; else the exchange failed.
Status t1_reply(CallbackParams& params);

/// How long the driver waits for the card's next block (BWT × WTX multiplier, µs).
std::uint32_t t1_wait_us(const CallbackParams& params);

/// The whole exchange over a block transport (loop form). Same results as t1_reply(); a
/// transport failure other than IO_TIMEOUT (e.g. NO_MEDIA) ends it with that status.
Status t1_transmit(CallbackParams& params, BlockTransport& transport);

}  // namespace readerkit
