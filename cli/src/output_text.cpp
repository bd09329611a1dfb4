// SPDX-License-Identifier: MIT
// What a request's output means, decoded per IOCTL (one table row per code).
#include <array>
#include <functional>

#include "human_text.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/pinpad.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

using Decoder = std::function<void(TextBlock&, const RequestRecord&)>;

std::uint32_t input_u32(const RequestRecord& r) {
  return r.input.size() >= 4 ? load_le32(r.input) : 0;
}

void power_text(TextBlock& t, const RequestRecord& r) {
  std::string_view action = power_action_name(input_u32(r));
  t.push_back({"action", action.empty() ? "unknown" : std::string(action)});
  if (r.output.empty()) return;
  AtrRecord atr{r.output, decode_atr(r.output), std::nullopt};
  for (TextLine& line : atr_text(atr)) {
    line.indent += 1;
    t.push_back(std::move(line));
  }
}

void protocol_text(TextBlock& t, const RequestRecord& r) {
  t.push_back({"requested", protocol_mask_name(input_u32(r))});
  if (r.output.size() >= 4) t.push_back({"selected", protocol_mask_name(load_le32(r.output))});
}

void state_text(TextBlock& t, const RequestRecord& r) {
  if (r.output.size() < 4) return;
  t.push_back({"state", std::string(card_state_name(static_cast<CardState>(load_le32(r.output))))});
}

void last_error_text(TextBlock& t, const RequestRecord& r) {
  if (r.output.size() < 4) return;
  const std::uint32_t value = load_le32(r.output);
  auto status = status_from_ntstatus(value);
  t.push_back({"last error", status ? std::string(status_name(*status)) : hex32(value)});
}

void perf_text(TextBlock& t, const RequestRecord& r) {
  static constexpr const char* kNames[] = {"transmissions", "bytes sent", "bytes received",
                                           "transmit time"};
  std::span<const std::byte> out = r.output;
  for (std::size_t i = 0; i < 4 && out.size() >= 4 * (i + 1); ++i) {
    std::string value = std::to_string(load_le32(out.subspan(4 * i)));
    t.push_back({kNames[i], i == 3 ? value + " us" : value});
  }
}

void attribute_text(TextBlock& t, const RequestRecord& r) {
  if (r.input.size() < 4) return;
  const std::uint32_t id = input_u32(r);
  std::string_view name = attribute_name(id);
  t.push_back({"attribute", (name.empty() ? "" : std::string(name) + " ") + hex32(id)});
  std::span<const std::byte> value = r.code == IOCTL_SMARTCARD_GET_ATTRIBUTE
                                         ? std::span<const std::byte>(r.output)
                                         : std::span<const std::byte>(r.input).subspan(4);
  if (r.code == IOCTL_SMARTCARD_GET_ATTRIBUTE && r.status != Status::SUCCESS) return;
  t.push_back({"value", attribute_value_text(id, value)});
}

void transmit_text(TextBlock& t, const RequestRecord& r) {
  if (r.input.size() > 8) t.push_back({"command", spaced_hex(std::span(r.input).subspan(8))});
  if (r.output.size() < 8) return;
  t.push_back({"protocol", protocol_mask_name(load_le32(r.output))});
  std::span<const std::byte> response = std::span(r.output).subspan(8);
  if (response.size() > 2)
    t.push_back({"data", spaced_hex(response.subspan(0, response.size() - 2))});
  if (response.size() >= 2) {
    auto sw1 = static_cast<std::uint8_t>(response[response.size() - 2]);
    auto sw2 = static_cast<std::uint8_t>(response[response.size() - 1]);
    t.push_back({"SW", spaced_hex(response.subspan(response.size() - 2)) + "  " +
                           status_word_text(sw1, sw2)});
  }
}

// FEATURE_VERIFY/MODIFY_PIN_DIRECT: the answer and what it means (readerkit/pinpad.hpp).
void pin_text(TextBlock& t, const RequestRecord& r) {
  if (r.status != Status::SUCCESS || r.output.size() < 2) return;
  t.push_back({"answer", spaced_hex(r.output)});
  t.push_back({"result", std::string(pin_result_name(r.output))});
}

struct DecoderRow {
  std::uint32_t code;
  Decoder decode;
};

const std::array kDecoders{
    DecoderRow{IOCTL_SMARTCARD_POWER, power_text},
    DecoderRow{IOCTL_SMARTCARD_SET_PROTOCOL, protocol_text},
    DecoderRow{IOCTL_SMARTCARD_GET_STATE, state_text},
    DecoderRow{IOCTL_SMARTCARD_GET_LAST_ERROR, last_error_text},
    DecoderRow{IOCTL_SMARTCARD_GET_PERF_CNTR, perf_text},
    DecoderRow{IOCTL_SMARTCARD_GET_ATTRIBUTE, attribute_text},
    DecoderRow{IOCTL_SMARTCARD_SET_ATTRIBUTE, attribute_text},
    DecoderRow{IOCTL_SMARTCARD_TRANSMIT, transmit_text},
    DecoderRow{IOCTL_FEATURE_VERIFY_PIN_DIRECT, pin_text},
    DecoderRow{IOCTL_FEATURE_MODIFY_PIN_DIRECT, pin_text},
};

}  // namespace

TextBlock output_text(const RequestRecord& r) {
  TextBlock t;
  for (const DecoderRow& row : kDecoders) {
    if (row.code == r.code) {
      row.decode(t, r);
      return t;
    }
  }
  if (!r.output.empty()) t.push_back({"output", spaced_hex(r.output)});
  return t;
}

}  // namespace readerkit::cli
