// SPDX-License-Identifier: MIT
// The T=0 / T=1 protocol state kept per device (library-owned; a driver may change only the
// NAD). The T=1 engine keeps its sequence numbers, sizes and the exchange in progress here, so
// the request/reply helpers can resume between a driver's calls.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

#include "readerkit/bytes.hpp"

namespace readerkit {

/// Default for the longest time a card may keep one exchange going with keep-alive signals
/// (T=0 NULL bytes, T=1 S(WTX) requests): each one restarts WT or extends BWT, so without this
/// cap T0_MAX_NULLS × WT allows hours. Cards that really work long (key generation) take
/// seconds to a minute; past the cap the exchange ends with STATUS_IO_TIMEOUT.
inline constexpr std::uint32_t MAX_KEEPALIVE_MS_DEFAULT = 120'000;

/// Where the T=1 engine is in one command/response exchange (docs/t1.md has the diagram).
enum class T1Phase : std::uint8_t {
  idle,         // no exchange in progress
  ifs_request,  // sent S(IFS request) announcing IFSD, awaiting S(IFS response)
  sending,      // sent an I-block of the command, awaiting R (chain ack) or the answer
  receiving,    // acknowledged a chained I-block of the card, awaiting the next
  resynch,      // sent S(RESYNCH request), awaiting S(RESYNCH response)
  aborted,      // answered the card's S(ABORT request); the exchange ends in failure
};

/// T=1 engine state (ISO/IEC 7816-3 §11). Value-initialised after every reset of the card.
struct T1State {
  std::uint8_t ns = 0;      // N(S) of our current I-block (§11.6.2.2)
  std::uint8_t nr = 0;      // N(S) expected in the card's next I-block
  std::uint32_t ifsc = 32;  // card's information field size in use
  std::uint32_t ifsd = 32;  // ours, as last announced
  bool ifs_done = false;    // the initial S(IFS request) was exchanged (or suppressed)
  T1Phase phase = T1Phase::idle;
  std::size_t command_offset = 0;      // command bytes acknowledged by the card
  std::size_t chunk = 0;               // command bytes in the I-block in flight
  Bytes response;                      // the card's answer when it is not assembled in place
  std::size_t response_length = 0;     // bytes of the answer received so far
  bool response_spilled = false;       // the answer lives in `response`, not in the caller's span
  std::array<std::byte, 259> block{};  // the block to (re)send: NAD PCB LEN INF EDC
  std::size_t block_length = 0;
  std::uint8_t retries = 0;      // failed attempts at the current step (rule 7)
  std::uint8_t resynchs = 0;     // S(RESYNCH) requests sent during this exchange
  std::uint8_t timeouts = 0;     // consecutive silent waits
  std::uint32_t s_requests = 0;  // card S(WTX)/S(IFS) requests during this exchange
  std::chrono::steady_clock::time_point started{};  // when this exchange began (keep-alive cap)
  bool awaiting_reply = false;   // t1_request() handed out a block t1_reply() has not seen
};

struct ProtocolState {
  std::uint8_t nad = 0;              // T=1 node address byte a driver may set
  std::uint32_t wtx_multiplier = 1;  // last S(WTX) multiplier, for SCARD_ATTR_EXTENDED_BWT
  bool suppress_t1_ifs_request = false;
  /// Keep-alive cap of one exchange in ms (DeviceConfig::max_keepalive_ms).
  std::uint32_t max_keepalive_ms = MAX_KEEPALIVE_MS_DEFAULT;
  T1State t1;  // the T=1 engine (src/t1*.cpp)
};

/// Forgets the engines' state after a card reset, power-down or removal: sequence numbers
/// restart at 0 and the initial S(IFS) is sent again. Keeps the NAD and the suppress flag.
inline void reset_protocol_state(ProtocolState& state) {
  state.t1 = T1State{};
  state.wtx_multiplier = 1;
}

/// Ends any T=1 exchange in progress without touching sequence numbers or sizes, so the next
/// t1_request() starts the next command. For a driver that gives up an exchange after
/// t1_reply() returned MORE_PROCESSING_REQUIRED (the loop form and a failed t1_reply() end
/// exchanges by themselves); the Device may call it before every RDF_TRANSMIT.
inline void end_t1_exchange(ProtocolState& state) {
  state.t1.phase = T1Phase::idle;
  state.t1.awaiting_reply = false;
  state.wtx_multiplier = 1;
}

}  // namespace readerkit
