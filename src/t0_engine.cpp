// SPDX-License-Identifier: MIT
// T=0 character-level exchange (ISO/IEC 7816-3 §10.3.3): after the header the card answers
// with procedure bytes, each awaited for at most the work waiting time WT.
#include <array>
#include <chrono>

#include "readerkit/card.hpp"
#include "readerkit/io_request.hpp"
#include "readerkit/t0.hpp"

namespace readerkit {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint32_t kFallbackWtUs = 1'000'000;  // WT at WI 10, 372/1, 3.58 MHz is ~1 s

/// The longest T=0 response: 256 data bytes (P3 = 00) and SW1 SW2.
constexpr std::size_t kMaxResponse = 256 + 2;

/// One exchange: what is left to send or to receive after each procedure byte. The response is
/// assembled in the exchange itself (short TPDUs bound it), so an exchange allocates nothing.
class T0Exchange {
 public:
  T0Exchange(const T0Tpdu& tpdu, ByteTransport& link, std::uint32_t wt_us,
             std::uint32_t max_keepalive_ms, TracePoint trace)
      : tpdu_(tpdu),
        link_(link),
        trace_(trace),
        wt_us_(wt_us ? wt_us : kFallbackWtUs),
        keepalive_end_(Clock::now() + std::chrono::milliseconds(max_keepalive_ms)),
        to_receive_(tpdu.data.empty() ? tpdu.expected : 0) {}

  /// The response, data then SW1 SW2, after run() returned SUCCESS.
  std::span<const std::byte> response() const { return std::span(response_).first(length_); }

  Status run() {
    trace_(TraceEvent::t0_header, TraceDirection::to_card, tpdu_.header);
    if (Status s = link_.send(tpdu_.header); s != Status::SUCCESS) return s;
    for (;;) {
      std::byte pb{};
      if (Status s = link_.receive({&pb, 1}, wt_us_); s != Status::SUCCESS) return s;
      if (!is_sw1(pb)) trace_(TraceEvent::t0_procedure, TraceDirection::from_card, {&pb, 1});
      const Status s = on_procedure_byte(pb);
      if (s != Status::MORE_PROCESSING_REQUIRED) return s;
    }
  }

 private:
  Status on_procedure_byte(std::byte pb) {
    if (pb == T0_NULL) {  // the card needs more time: WT starts again, within two bounds
      if (++nulls_ > T0_MAX_NULLS) return Status::DEVICE_PROTOCOL_ERROR;
      return Clock::now() > keepalive_end_ ? Status::IO_TIMEOUT : Status::MORE_PROCESSING_REQUIRED;
    }
    if (is_sw1(pb)) return on_status(pb);
    const std::byte ins = tpdu_.header[1];
    if (pb == ins) return transfer(remaining());            // ACK: all remaining bytes
    if (pb == (ins ^ std::byte{0xFF})) return transfer(1);  // complement: one byte
    return Status::DEVICE_PROTOCOL_ERROR;
  }

  std::size_t remaining() const { return tpdu_.data.size() - sent_ + to_receive_; }

  Status transfer(std::size_t count) {
    if (count == 0 || remaining() == 0) return Status::DEVICE_PROTOCOL_ERROR;
    Status s;
    if (!tpdu_.data.empty()) {
      const auto chunk = tpdu_.data.subspan(sent_, count);
      trace_(TraceEvent::t0_data, TraceDirection::to_card, chunk);
      s = link_.send(chunk);
      sent_ += count;
    } else {
      const std::span<std::byte> chunk{response_.data() + length_, count};  // count <= to_receive_
      s = link_.receive(chunk, wt_us_);
      if (s == Status::SUCCESS) trace_(TraceEvent::t0_data, TraceDirection::from_card, chunk);
      length_ += count;
      to_receive_ -= count;
    }
    return s == Status::SUCCESS ? Status::MORE_PROCESSING_REQUIRED : s;
  }

  Status on_status(std::byte sw1) {
    std::byte sw2{};
    if (Status s = link_.receive({&sw2, 1}, wt_us_); s != Status::SUCCESS) return s;
    response_[length_++] = sw1;
    response_[length_++] = sw2;
    trace_(TraceEvent::t0_status, TraceDirection::from_card, response().last(2));
    return Status::SUCCESS;
  }

  const T0Tpdu& tpdu_;
  ByteTransport& link_;
  TracePoint trace_;
  std::uint32_t wt_us_;
  Clock::time_point keepalive_end_;  // NULL bytes stop extending the exchange after this
  std::size_t to_receive_;
  std::size_t sent_ = 0;
  std::uint32_t nulls_ = 0;
  std::array<std::byte, kMaxResponse> response_;
  std::size_t length_ = 0;
};

}  // namespace

Result<Bytes> t0_exchange(const T0Tpdu& tpdu, ByteTransport& transport, std::uint32_t wt_us,
                          std::uint32_t max_keepalive_ms, TracePoint trace) {
  T0Exchange exchange(tpdu, transport, wt_us, max_keepalive_ms, trace);
  if (Status s = exchange.run(); s != Status::SUCCESS) return s;
  return Bytes(exchange.response().begin(), exchange.response().end());
}

Status t0_transmit(CallbackParams& params, ByteTransport& transport) {
  if (params.card == nullptr) return Status::INVALID_PARAMETER;
  auto tpdu = parse_tpdu(transmit_command(params));
  if (!tpdu) return tpdu.status();
  const std::uint32_t cap =
      params.protocol ? params.protocol->max_keepalive_ms : MAX_KEEPALIVE_MS_DEFAULT;
  T0Exchange exchange(*tpdu, transport, params.card->wt_us, cap, params.trace_point());
  if (Status s = exchange.run(); s != Status::SUCCESS) return s;
  return complete_transmit(params, SCARD_PROTOCOL_T0, exchange.response());
}

}  // namespace readerkit
