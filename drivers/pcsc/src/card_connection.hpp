// SPDX-License-Identifier: MIT
// The card handle of a pcsc: reader: SCardConnect on the first power-up, SCardReconnect for the
// resets, SCardDisconnect for power-down, and what needs a handle (transmit, attributes, control)
// under one lock. The Device serialises callbacks already; the lock orders them against the
// status-change thread, which only marks the handle stale when the card goes.
#pragma once

#include <cstdint>
#include <mutex>
#include <span>
#include <string>

#include "readerkit/bytes.hpp"
#include "readerkit/card.hpp"
#include "readerkit/status.hpp"
#include "winscard_api.hpp"

namespace readerkit::pcsc::detail {

class CardConnection {
 public:
  CardConnection(const WinscardApi& api, std::string reader_name, bool exclusive,
                 std::uint32_t protocols);
  ~CardConnection();  // leaves the card as it is, releases the context
  CardConnection(const CardConnection&) = delete;
  CardConnection& operator=(const CardConnection&) = delete;

  /// Establishes the context; false with `error` set when pcscd is not there.
  bool open(std::string& error);

  /// Cold or warm reset (connecting first when there is no handle) and the card's ATR.
  Status power_up(PowerAction action, Bytes& atr);
  /// SCardDisconnect with SCARD_UNPOWER_CARD.
  Status power_down();
  /// Makes `protocol` (one ReaderKit bit) the active one, reconnecting with a reset if pcscd
  /// negotiated another.
  Status select_protocol(std::uint32_t protocol);
  /// One APDU; the response is appended to `response`.
  Status transmit(std::uint32_t protocol, std::span<const std::byte> command, Bytes& response);
  /// SCardGetAttrib, through a direct connection when no card is connected.
  Status get_attribute(std::uint32_t id, Bytes& value);
  /// SCardControl with pcsc-lite's code for the same function number.
  Status control(std::uint32_t function, std::span<const std::byte> in, Bytes& out);
  /// The card went: the handle is dropped at the next request.
  void card_gone();

 private:
  Status connect(DWORD share, DWORD protocols);
  Status reconnect(DWORD initialization);
  Status read_atr(Bytes& atr);
  void drop_handle(DWORD disposition);
  DWORD share_mode() const;

  const WinscardApi& api_;
  std::string name_;
  bool exclusive_;
  std::uint32_t protocols_;
  std::mutex mutex_;
  SCARDCONTEXT context_ = 0;
  SCARDHANDLE handle_ = 0;
  bool connected_ = false;
  bool direct_ = false;  // the handle is a direct (no card) connection
  bool stale_ = false;   // the card went since the handle was made
  DWORD active_ = 0;     // pcsc-lite protocol bit in use
};

}  // namespace readerkit::pcsc::detail
