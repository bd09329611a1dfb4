// SPDX-License-Identifier: MIT
#include "sim_driver.hpp"

#include "atr_reader.hpp"
#include "readerkit/card.hpp"
#include "sim_vendor.hpp"

namespace readerkit::sim {
CallbackTable SimDriver::callbacks() {
  CallbackTable table;
  table[Rdf::RDF_CARD_POWER] = [this](CallbackParams& p) { return power(p); };
  table[Rdf::RDF_TRANSMIT] = [this](CallbackParams& p) { return transmit(p); };
  table[Rdf::RDF_SET_PROTOCOL] = [this](CallbackParams& p) { return set_protocol(p); };
  table[Rdf::RDF_CARD_TRACKING] = [this](CallbackParams& p) { return tracking(p); };
  table[Rdf::RDF_IOCTL_VENDOR] = sim_vendor_ioctl;
  if (keypad_ != nullptr)
    table[Rdf::RDF_PIN_ENTRY] = [this](CallbackParams& p) { return pin_entry(p); };
  return table;
}

// Activates the contacts and reads the answer to reset into card.atr, as received; the
// library decodes it (and converts an inverse-convention ATR) afterwards.
Status SimDriver::reset_card(CardCapabilities& card) {
  line_.discard_input();
  if (Status s = line_.reset(); s != Status::SUCCESS) return s;
  auto atr = read_atr(line_);
  if (!atr) return atr.status();
  card.atr = std::move(*atr);
  return Status::SUCCESS;
}

Status SimDriver::power(CallbackParams& params) {
  TraceFlush flush{line_};
  const auto action = static_cast<PowerAction>(params.minor_code);
  if (action == PowerAction::SCARD_POWER_DOWN) return line_.power_down();
  // Cold and warm reset differ only electrically; the simulated card restarts either way.
  return reset_card(*params.card);
}

// Insertion and removal complete the pending request from SimReader's card events.
Status SimDriver::tracking(CallbackParams& params) {
  (void)params;
  return Status::PENDING;
}

// One entry from the keypad's queue: the digits go into the reply (the library wipes it); only
// their count is logged.
Status SimDriver::pin_entry(CallbackParams& params) {
  const std::uint8_t timeout_s =
      params.request.empty() ? 0 : static_cast<std::uint8_t>(params.request[0]);
  SecretDigits digits;
  const Status s = keypad_->take(timeout_s, digits);
  if (log_.enabled(LogLevel::DRIVER)) {
    log_(LogLevel::DRIVER, "sim: PIN entry " + std::to_string(params.minor_code) + ": " +
                               (s == Status::SUCCESS ? std::to_string(digits.size()) + " digits"
                                                     : std::string(status_name(s))));
  }
  if (s != Status::SUCCESS) return s;
  if (digits.size() > params.reply.size()) return Status::BUFFER_TOO_SMALL;
  std::copy(digits.view().begin(), digits.view().end(),
            reinterpret_cast<char*>(params.reply.data()));
  *params.bytes_returned = digits.size();
  return Status::SUCCESS;
}

}  // namespace readerkit::sim
