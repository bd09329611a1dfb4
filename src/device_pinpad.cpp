// SPDX-License-Identifier: MIT
// The PIN pad features (docs/pinpad.md): FEATURE_VERIFY_PIN_DIRECT / MODIFY_PIN_DIRECT run the
// library's one PIN pad operation (readerkit/pinpad.hpp) inside one callback scope, reading
// each entry with RDF_PIN_ENTRY and sending the APDU with RDF_TRANSMIT, as a TRANSMIT would —
// or, for a reader that runs the operation itself, check the structure and hand it to
// RDF_PIN_OPERATION;
// FEATURE_IFD_PIN_PROPERTIES answers from the reader capabilities. The output is the card's
// response or the part 10 result word.
#include <algorithm>
#include <array>

#include "detail/device_core.hpp"
#include "readerkit/apdu.hpp"
#include "readerkit/io_request.hpp"

namespace readerkit::detail {
namespace {

// The most digits an entry can hold (bMaxPINSize is a byte).
constexpr std::size_t kMaxDigits = 255;

// One operation's view of the driver: its keypad and its card, both through the scope. The
// first failure that is neither a timeout nor a Cancel (the card went, the reader failed) ends
// the IOCTL with that status.
class PinSession {
 public:
  explicit PinSession(CallbackScope& scope) : scope_(scope) {}

  PinInput read(const PinPrompt& p) {
    const std::array<std::byte, 3> request{std::byte{p.timeout_s}, std::byte{p.min_digits},
                                           std::byte{p.max_digits}};
    std::array<std::byte, kMaxDigits> reply{};
    std::size_t n = 0;
    const Status s =
        scope_.call(Rdf::RDF_PIN_ENTRY, static_cast<std::uint32_t>(p.kind), request, reply, n);
    PinInput in;
    if (s == Status::SUCCESS && n <= reply.size()) {
      in.kind = PinInput::Kind::digits;
      in.digits = SecretDigits(std::string_view(reinterpret_cast<const char*>(reply.data()), n));
    } else if (s == Status::CANCELLED) {
      in.kind = PinInput::Kind::cancelled;
    } else if (s != Status::IO_TIMEOUT) {
      failure_ = s == Status::SUCCESS ? Status::DEVICE_PROTOCOL_ERROR : s;
    }
    wipe_secret(reply);
    return in;
  }

  Result<Bytes> exchange(std::span<const std::byte> apdu) {
    const std::uint32_t protocol = scope_.device().cb_card.protocol_selected;
    Bytes request = transmit_request(protocol, apdu);
    Bytes reply(SCARD_IO_REQUEST_SIZE + APDU_MAX_RESPONSE);
    std::size_t n = 0;
    scope_.set_secret(true);
    const Status s = scope_.call(Rdf::RDF_TRANSMIT, protocol, request, reply, n);
    scope_.set_secret(false);
    wipe_secret(request);  // it held the PIN, and so may the driver's protocol buffer
    wipe_secret(scope_.device().smartcard_request.buffer);
    if (s != Status::SUCCESS) return failure_ = s, Result<Bytes>(s);
    if (n < SCARD_IO_REQUEST_SIZE || n > reply.size())
      return failure_ = Status::DEVICE_PROTOCOL_ERROR, Result<Bytes>(*failure_);
    return Bytes(reply.begin() + SCARD_IO_REQUEST_SIZE,
                 reply.begin() + static_cast<std::ptrdiff_t>(n));
  }

  std::optional<Status> failure() const { return failure_; }

 private:
  CallbackScope& scope_;
  std::optional<Status> failure_;
};

/// One of the two operations, for both kinds of reader.
struct PinOperationKind {
  std::uint32_t minor;  // RDF_PIN_OPERATION's minor code
  Result<Bytes> (*emulate)(std::span<const std::byte>, const PinKeypad&, const ApduExchange&);
  bool (*valid)(std::span<const std::byte>);
  bool PinPadProperties::*offered;
};

constexpr PinOperationKind kVerify{
    0, verify_pin, [](std::span<const std::byte> s) { return parse_pin_verify(s).has_value(); },
    &PinPadProperties::verify};
constexpr PinOperationKind kModify{
    1, modify_pin, [](std::span<const std::byte> s) { return parse_pin_modify(s).has_value(); },
    &PinPadProperties::modify};

// A reader with a keypad the library drives: entries through RDF_PIN_ENTRY, the APDU it
// builds through RDF_TRANSMIT.
Result<Bytes> emulate(CallbackScope& scope, Request& r, const PinOperationKind& op,
                      std::optional<Status>& failure) {
  PinSession session(scope);
  Result<Bytes> answer = op.emulate(
      r.input, [&](const PinPrompt& p) { return session.read(p); },
      [&](std::span<const std::byte> apdu) { return session.exchange(apdu); });
  failure = session.failure();
  return answer;
}

// A reader that runs the operation itself (RDF_PIN_OPERATION): the structure is checked here
// first, so a malformed one never reaches the reader.
Result<Bytes> delegate(CallbackScope& scope, Request& r, const PinOperationKind& op,
                       std::optional<Status>& failure) {
  if (!op.valid(r.input)) return pin_error_sw(PinError::invalid_structure);
  Bytes reply(APDU_MAX_RESPONSE);
  std::size_t n = 0;
  const Status s = scope.call(Rdf::RDF_PIN_OPERATION, op.minor, r.input, reply, n);
  if (s != Status::SUCCESS) return failure = s, Result<Bytes>(s);
  if (n > reply.size()) return failure = Status::DEVICE_PROTOCOL_ERROR, Result<Bytes>(*failure);
  reply.resize(n);
  return reply;
}

// Card checks as for TRANSMIT: a card, in SPECIFIC state (the APDU goes to it).
IoResult run_pin_operation(DeviceCore& d, Request& r, const PinOperationKind& op) {
  CallbackScope scope(d, r);
  if (auto busy = scope.busy()) return fail(*busy);
  const bool reader_runs_it = d.callbacks.has(Rdf::RDF_PIN_OPERATION);
  if (!reader_runs_it && !d.callbacks.has(Rdf::RDF_TRANSMIT)) return fail(Status::NOT_SUPPORTED);
  if (d.reader.pin_pad && !(*d.reader.pin_pad.*op.offered)) return fail(Status::NOT_SUPPORTED);
  if (auto no_card = scope.require_card()) return fail(*no_card);
  if (scope.state() != CardState::SCARD_SPECIFIC) return fail(Status::INVALID_DEVICE_STATE);
  std::optional<Status> failure;
  Result<Bytes> answer = reader_runs_it ? delegate(scope, r, op, failure)
                                        : emulate(scope, r, op, failure);
  if (!scope.commit()) return fail(Status::NO_MEDIA);  // the card went during the entry
  if (failure) return fail(*failure);
  if (!answer.ok()) return fail(answer.status());
  if (answer->size() > r.output.size()) return fail(Status::BUFFER_TOO_SMALL);
  std::copy(answer->begin(), answer->end(), r.output.begin());
  return {Status::SUCCESS, answer->size()};
}

}  // namespace

IoResult handle_verify_pin(DeviceCore& d, Request& r) {
  return run_pin_operation(d, r, kVerify);
}

IoResult handle_modify_pin(DeviceCore& d, Request& r) {
  return run_pin_operation(d, r, kModify);
}

IoResult handle_pin_properties(DeviceCore& d, Request& r) {
  std::optional<PinPadProperties> pin_pad;
  {
    std::lock_guard lock(d.mutex);
    pin_pad = d.reader_view.pin_pad;
  }
  if (!pin_pad) return fail(Status::NOT_SUPPORTED);
  const Bytes p = pin_properties_structure(*pin_pad);
  if (r.output.size() < p.size()) return fail(Status::BUFFER_TOO_SMALL);
  std::copy(p.begin(), p.end(), r.output.begin());
  return {Status::SUCCESS, p.size()};
}

}  // namespace readerkit::detail
