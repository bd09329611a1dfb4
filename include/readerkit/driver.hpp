// SPDX-License-Identifier: MIT
// The vendor callback interface: a 16-slot table indexed by RDF number and the callback
// parameters the library passes (docs/contract/ioctl.md §3; smclib's ReaderFunction[] and
// SMARTCARD_EXTENSION).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

#include "readerkit/bytes.hpp"
#include "readerkit/capabilities.hpp"
#include "readerkit/protocol_state.hpp"
#include "readerkit/status.hpp"
#include "readerkit/trace.hpp"

namespace readerkit {

class Device;

/// Slot numbers of the callback table.
enum class Rdf : std::size_t {
  RDF_CARD_POWER = 0,
  RDF_TRANSMIT = 1,
  RDF_CARD_EJECT = 2,
  RDF_READER_SWALLOW = 3,
  RDF_CARD_TRACKING = 4,
  RDF_SET_PROTOCOL = 5,
  RDF_DEBUG_LEVEL = 6,
  RDF_CARD_CONFISCATE = 7,
  RDF_IOCTL_VENDOR = 8,
  RDF_ATR_PARSE = 9,
  /// ReaderKit extension in smclib's first reserved slot: read one PIN entry on the reader's
  /// keypad (docs/pinpad.md). minor = PinPromptKind; request = {bTimerOut, min, max};
  /// reply = the digits in ASCII. IO_TIMEOUT: no entry in time; CANCELLED: Cancel pressed.
  RDF_PIN_ENTRY = 10,
  /// ReaderKit extension: the reader runs the whole PIN pad operation itself (a CCID reader's
  /// PC_to_RDR_Secure). minor = 0 verify, 1 modify; request = the PC/SC part 10 structure,
  /// already validated by the library; reply = the card's response or the part 10 result word
  /// (64 00, 64 01, ...). A driver fills either this slot or RDF_PIN_ENTRY (docs/pinpad.md).
  RDF_PIN_OPERATION = 11,
};
inline constexpr std::size_t RDF_SLOT_COUNT = 16;

/// "RDF_CARD_POWER" etc.
std::string_view rdf_name(Rdf slot);

/// A library-allocated exchange buffer (smclib's SmartcardRequest / SmartcardReply): the
/// protocol helpers build blocks into the request buffer and read the reader's answer from
/// the reply buffer. `length` is the number of valid bytes.
struct IoBuffer {
  Bytes buffer;
  std::size_t length = 0;
  std::span<std::byte> writable() { return buffer; }
  std::span<const std::byte> data() const { return {buffer.data(), length}; }
};

/// What a callback may read and write (docs/contract/ioctl.md §3).
struct CallbackParams {
  std::uint32_t major_code = 0;        // the IOCTL (Windows form)
  std::uint32_t minor_code = 0;        // power action, selected protocol (+DEFAULT), attribute id
  std::span<const std::byte> request;  // the caller's input buffer, read-only
  std::span<std::byte> reply;          // the caller's output buffer (may alias request)
  std::size_t* bytes_returned = nullptr;
  CardCapabilities* card = nullptr;
  ReaderCapabilities* reader = nullptr;
  Bytes* vendor_attributes = nullptr;  // driver-owned free-form vendor data
  ProtocolState* protocol = nullptr;
  IoBuffer* smartcard_request = nullptr;
  IoBuffer* smartcard_reply = nullptr;
  void* driver_extension = nullptr;
  Device* device = nullptr;
  /// The request carries a PIN (the APDU a PIN pad built, docs/pinpad.md): the driver must not
  /// log or trace its bytes, only their count.
  bool secret = false;
  /// Where the protocol helpers report what goes over the line (docs/trace.md); null when no
  /// trace is attached. Drivers reach it through trace_point().
  Trace* trace = nullptr;

  /// The trace with this request's secrecy: bytes to the card are masked when `secret`.
  TracePoint trace_point() const { return {trace, secret}; }
};

/// One callback. Returns the request's status; only RDF_CARD_TRACKING may return PENDING.
using Callback = std::function<Status(CallbackParams&)>;

/// The table a driver registers; an empty slot makes its IOCTLs NOT_SUPPORTED.
struct CallbackTable {
  std::array<Callback, RDF_SLOT_COUNT> slots;

  Callback& operator[](Rdf r) { return slots[static_cast<std::size_t>(r)]; }
  const Callback& operator[](Rdf r) const { return slots[static_cast<std::size_t>(r)]; }
  bool has(Rdf r) const { return static_cast<bool>((*this)[r]); }
};

}  // namespace readerkit
