// SPDX-License-Identifier: MIT
// The request/reply routines (T=0, T=1, raw) and SmartcardUpdateCardCapabilities: the core's
// helpers run on the callback's parameters, with the extension's SmartcardRequest/Reply
// buffers copied to and from the core's (they are at most a block or one TPDU long).
#include <algorithm>
#include <cstring>

#include "bridge.hpp"
#include "readerkit/atr.hpp"
#include "readerkit/card.hpp"
#include "readerkit/inverse.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/t0.hpp"
#include "readerkit/t1.hpp"

namespace readerkit::smclib {
namespace {

using Helper = Status (*)(CallbackParams&);

/// The callback running now on this extension; nullptr outside RDF_TRANSMIT & co.
CallbackParams* running(PSMARTCARD_EXTENSION ext) {
  Bridge* b = bridge_of(ext);
  return b != nullptr ? b->current : nullptr;
}

bool inverse(const CallbackParams& params) {
  return params.card->inverse_convention;
}

/// The driver's header bytes (SmartcardRequest.BufferLength of them) go in first, the helper
/// appends after them, the result comes back; bytes for the card are inverted when the card
/// uses the inverse convention (smclib does this for drivers).
NTSTATUS run_request(PSMARTCARD_EXTENSION ext, Helper helper) {
  CallbackParams* params = running(ext);
  if (params == nullptr) return STATUS_INVALID_DEVICE_STATE;
  SMARTCARD_REQUEST& c = ext->SmartcardRequest;
  IoBuffer& io = *params->smartcard_request;
  const std::size_t header =
      std::min<std::size_t>(c.BufferLength, std::min<std::size_t>(c.BufferSize, io.buffer.size()));
  std::memcpy(io.buffer.data(), c.Buffer, header);
  io.length = header;
  const Status s = helper(*params);
  if (s != Status::SUCCESS) return to_ntstatus(s);
  if (io.length > c.BufferSize) return STATUS_BUFFER_OVERFLOW;
  if (inverse(*params)) invert_bytes(std::span(io.buffer).subspan(header, io.length - header));
  std::memcpy(c.Buffer, io.buffer.data(), io.length);
  c.BufferLength = static_cast<ULONG>(io.length);
  return STATUS_SUCCESS;
}

/// The driver's received bytes go to the helper; the caller's reply and
/// IoRequest.Information come back.
NTSTATUS run_reply(PSMARTCARD_EXTENSION ext, Helper helper) {
  CallbackParams* params = running(ext);
  if (params == nullptr) return STATUS_INVALID_DEVICE_STATE;
  const SMARTCARD_REPLY& c = ext->SmartcardReply;
  IoBuffer& io = *params->smartcard_reply;
  const std::size_t length =
      std::min<std::size_t>(c.BufferLength, std::min<std::size_t>(c.BufferSize, io.buffer.size()));
  std::memcpy(io.buffer.data(), c.Buffer, length);
  io.length = length;
  if (inverse(*params)) invert_bytes(std::span(io.buffer).first(length));
  const Status s = helper(*params);
  Bridge* b = bridge_of(ext);
  b->information = static_cast<ULONG>(*params->bytes_returned);
  return to_ntstatus(s);
}

}  // namespace
}  // namespace readerkit::smclib

using namespace readerkit;
using namespace readerkit::smclib;

extern "C" NTSTATUS SmartcardT0Request(PSMARTCARD_EXTENSION SmartcardExtension) {
  CallbackParams* params = running(SmartcardExtension);
  if (params == nullptr) return STATUS_INVALID_DEVICE_STATE;
  if (auto tpdu = parse_tpdu(transmit_command(*params))) {
    SmartcardExtension->T0.Lc = static_cast<ULONG>(tpdu->data.size());
    SmartcardExtension->T0.Le = static_cast<ULONG>(tpdu->expected);
  }
  return run_request(SmartcardExtension, t0_request);
}

extern "C" NTSTATUS SmartcardT0Reply(PSMARTCARD_EXTENSION SmartcardExtension) {
  return run_reply(SmartcardExtension, t0_reply);
}

extern "C" NTSTATUS SmartcardT1Request(PSMARTCARD_EXTENSION SmartcardExtension) {
  const NTSTATUS s = run_request(SmartcardExtension, t1_request);
  if (CallbackParams* params = running(SmartcardExtension))
    t1_to_c(*params->protocol, SmartcardExtension->T1);
  return s;
}

extern "C" NTSTATUS SmartcardT1Reply(PSMARTCARD_EXTENSION SmartcardExtension) {
  const NTSTATUS s = run_reply(SmartcardExtension, t1_reply);
  if (CallbackParams* params = running(SmartcardExtension))
    t1_to_c(*params->protocol, SmartcardExtension->T1);
  return s;
}

extern "C" NTSTATUS SmartcardRawRequest(PSMARTCARD_EXTENSION SmartcardExtension) {
  return run_request(SmartcardExtension, raw_request);
}

extern "C" NTSTATUS SmartcardRawReply(PSMARTCARD_EXTENSION SmartcardExtension) {
  return run_reply(SmartcardExtension, raw_reply);
}

extern "C" NTSTATUS SmartcardUpdateCardCapabilities(PSMARTCARD_EXTENSION SmartcardExtension) {
  Bridge* b = bridge_of(SmartcardExtension);
  if (b == nullptr) return STATUS_INVALID_DEVICE_STATE;
  SCARD_CARD_CAPABILITIES& c = SmartcardExtension->CardCapabilities;
  const ReaderCapabilities reader = reader_from_c(*SmartcardExtension);
  CallbackParams* params = b->current;
  // A driver that fell back after a failed PPS: the same card at default Fi/Di.
  if (params != nullptr && c.PtsData.Type == PTS_TYPE_DEFAULT && !params->card->atr.empty() &&
      params->major_code == IOCTL_SMARTCARD_SET_PROTOCOL) {
    params->card->use_default_parameters();
    update_card_timing(*params->card, reader);
    card_to_c(*params->card, reader, c);
    return STATUS_SUCCESS;
  }
  CardCapabilities card;
  const auto* atr = reinterpret_cast<const std::byte*>(c.ATR.Buffer);
  card.atr.assign(atr, atr + std::min<std::size_t>(c.ATR.Length, MAXIMUM_ATR_LENGTH));
  Status s = Status::SUCCESS;
  if (!card.atr.empty())
    s = update_card_capabilities(card, reader, AtrParseOptions{b->lenient_atr});
  card_to_c(card, reader, c);
  if (params != nullptr) *params->card = card;
  return to_ntstatus(s);
}

extern "C" VOID SmartcardInvertData(PUCHAR Buffer, ULONG Length) {
  if (Buffer == nullptr) return;
  invert_bytes(std::span(reinterpret_cast<std::byte*>(Buffer), Length));
}
