// SPDX-License-Identifier: MIT
// `pin verify|modify [options]`: builds a PIN_VERIFY_STRUCTURE / PIN_MODIFY_STRUCTURE from
// readable options and sends it as FEATURE_VERIFY_PIN_DIRECT / FEATURE_MODIFY_PIN_DIRECT; the
// line shows the answer (the card's, or a part 10 result word) with `sw` and `pin_result`.
// `pin type DIGITS|cancel`: the simulated reader's keypad in this process (docs/pinpad.md). Like
// `transmit`, a one-shot `pin verify|modify` prepares the card first unless --no-auto.
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "readerkit/ioctl.hpp"
#include "readerkit/pinpad.hpp"
#include "request.hpp"
#include "session.hpp"
#include "text.hpp"

namespace readerkit::cli {
namespace {

// --block not given: a variable block for verify, 8-byte blocks for modify's default template.
constexpr unsigned kBlockUnset = 16;

struct PinArgs {
  std::string op;
  std::vector<std::string> apdu;  // the template
  std::string format = "ascii";
  bool right = false;
  unsigned pin_position = 0;
  bool position_in_bits = false;
  unsigned block = kBlockUnset;
  unsigned length_bits = 0;
  unsigned length_position = 0;
  bool length_position_in_bits = false;
  unsigned min = 4, max = 8, timeout = 0;
  bool no_old = false, no_confirm = false;
  unsigned offset_old = 0, offset_new = 8;
  bool no_auto = false;
  std::string typed;  // `pin type`
};

const std::pair<std::string_view, PinFormat> kFormats[] = {
    {"ascii", PinFormat::ascii}, {"bcd", PinFormat::bcd}, {"binary", PinFormat::binary}};

unsigned block_of(const PinArgs& a) {
  if (a.block != kBlockUnset) return a.block;
  return a.op == "modify" ? 8 : 0;
}

// Templates when --apdu is not given: ISO VERIFY / CHANGE REFERENCE DATA of reference 01, the
// PIN blocks filled with FF.
std::string default_template(const PinArgs& a) {
  const unsigned blocks = a.op == "modify" ? 2 : 1;
  const unsigned data = block_of(a) * blocks;
  char header[11];
  std::snprintf(header, sizeof header, "00%s0001%02X", a.op == "modify" ? "24" : "20", data);
  return header + std::string(2 * data, 'F');
}

std::optional<PinCommon> common_from(const PinArgs& a, std::string& error) {
  PinCommon c;
  for (const auto& [name, format] : kFormats)
    if (name == a.format) c.layout.format = format;
  c.layout.position_in_bytes = !a.position_in_bits;
  c.layout.pin_position = static_cast<std::uint8_t>(a.pin_position);
  c.layout.right_justified = a.right;
  c.layout.block_size = static_cast<std::uint8_t>(block_of(a));
  c.layout.length_field_bits = static_cast<std::uint8_t>(a.length_bits);
  c.layout.length_position = static_cast<std::uint8_t>(a.length_position);
  c.layout.length_position_in_bytes = !a.length_position_in_bits;
  c.min_digits = static_cast<std::uint8_t>(a.min);
  c.max_digits = static_cast<std::uint8_t>(a.max);
  c.timeout_s = static_cast<std::uint8_t>(a.timeout);
  c.entry_validation = 0x02;
  c.number_message = 0x01;
  c.lang_id = 0x0409;
  auto apdu = parse_hex_words(a.apdu.empty() ? std::vector{default_template(a)} : a.apdu);
  if (!apdu) return error = "--apdu: not hex", std::nullopt;
  c.apdu = std::move(*apdu);
  return c;
}

// The structure, or a usage error when the options make one the library would refuse.
std::optional<Bytes> structure_from(const PinArgs& a, std::string& error) {
  auto common = common_from(a, error);
  if (!common) return std::nullopt;
  Bytes s;
  if (a.op == "verify") {
    s = encode_pin_verify(PinVerify{*common, 0});
    if (!parse_pin_verify(s)) error = "the options do not make a valid PIN_VERIFY_STRUCTURE";
  } else {
    PinModify m{*common,
                static_cast<std::uint8_t>(a.offset_old),
                static_cast<std::uint8_t>(a.offset_new),
                static_cast<std::uint8_t>((a.no_old ? 0 : 2) | (a.no_confirm ? 0 : 1)),
                {}};
    s = encode_pin_modify(m);
    if (!parse_pin_modify(s)) error = "the options do not make a valid PIN_MODIFY_STRUCTURE";
  }
  if (!error.empty()) return std::nullopt;
  return s;
}

Outcome run_type(Session& session, const PinArgs& a) {
  std::string error;
  if (!session.open(error)) return report_error(session, "pin", error);
  NoteRecord note{"pin", "ok"};
  note.fields["command"] = "type " + shown_pin_entry(a.typed);
  sim::SimReader* sim = session.sim();
  sim::CommandReply reply{false, "'pin type' needs the simulated reader"};
  if (sim != nullptr)
    reply = sim->command({"pin", a.typed, "slot=" + std::to_string(session.options().slot)});
  note.status = reply.ok ? "ok" : "refused";
  if (!reply.message.empty()) note.fields["message"] = reply.message;
  session.printer().note(note);
  return reply.ok ? Outcome::success : Outcome::failure;
}

Outcome run_pin(Session& session, const PinArgs& a) {
  if (a.op == "type") {
    if (a.typed.empty()) return report_usage(session, "pin", "pin type DIGITS | pin type cancel");
    return run_type(session, a);
  }
  std::string error;
  auto structure = structure_from(a, error);
  if (!structure) return report_usage(session, "pin", error);
  Device* device = session.device(error);
  if (device == nullptr) return report_error(session, "pin", error);
  if (session.one_shot() && !a.no_auto) {
    if (Outcome o = prepare_card(session, *device); o != Outcome::success) return o;
  }
  const std::uint32_t code =
      a.op == "verify" ? IOCTL_FEATURE_VERIFY_PIN_DIRECT : IOCTL_FEATURE_MODIFY_PIN_DIRECT;
  return issue_request(session, "pin", a.op, code, std::move(*structure));
}

}  // namespace

std::string shown_pin_entry(std::string_view entry) {
  if (entry == "cancel") return "cancel";
  return "<" + std::to_string(entry.size()) + " digits>";
}

std::string script_echo(std::vector<std::string> words) {
  if (words.size() > 2 && words[0] == "pin" && words[1] == "type")
    words[2] = shown_pin_entry(words[2]);
  return join_words(words);
}

Action define_pin(CLI::App& sub) {
  auto a = std::make_shared<PinArgs>();
  sub.add_option("op", a->op, "verify | modify | type")
      ->required()
      ->check(CLI::IsMember({"verify", "modify", "type"}));
  sub.add_option("digits", a->typed, "type: DIGITS or cancel (the simulated keypad)");
  sub.add_option("--apdu", a->apdu,
                 "command template (default ISO VERIFY / CHANGE REFERENCE DATA)");
  sub.add_option("--format", a->format, "ascii | bcd | binary (default ascii)")
      ->check(CLI::IsMember({"ascii", "bcd", "binary"}));
  sub.add_flag("--right", a->right, "right-justify the PIN in its block");
  sub.add_option("--pin-pos", a->pin_position, "PIN position in its block (bytes)")
      ->check(CLI::Range(0, 15));
  sub.add_flag("--pin-pos-bits", a->position_in_bits, "--pin-pos counts bits");
  sub.add_option("--block", a->block, "PIN block size in bytes (0: the PIN itself, Lc set)")
      ->check(CLI::Range(0, 15));
  sub.add_option("--length-bits", a->length_bits, "size of a PIN length field")
      ->check(CLI::Range(0, 15));
  sub.add_option("--length-pos", a->length_position, "position of the length field (bytes)")
      ->check(CLI::Range(0, 15));
  sub.add_flag("--length-pos-bits", a->length_position_in_bits, "--length-pos counts bits");
  sub.add_option("--min", a->min, "fewest digits (default 4)")->check(CLI::Range(0, 255));
  sub.add_option("--max", a->max, "most digits (default 8)")->check(CLI::Range(0, 255));
  sub.add_option("--timeout", a->timeout, "seconds for the entry (0: the reader's default)")
      ->check(CLI::Range(0, 255));
  sub.add_flag("--no-old", a->no_old, "modify: do not ask for the current PIN");
  sub.add_flag("--no-confirm", a->no_confirm, "modify: do not ask to confirm the new PIN");
  sub.add_option("--offset-old", a->offset_old, "modify: current PIN block offset (default 0)")
      ->check(CLI::Range(0, 255));
  sub.add_option("--offset-new", a->offset_new, "modify: new PIN block offset (default 8)")
      ->check(CLI::Range(0, 255));
  sub.add_flag("--no-auto", a->no_auto,
               "one-shot: do not power the card or select a protocol first");
  return [a](Session& session) { return run_pin(session, *a); };
}

}  // namespace readerkit::cli
