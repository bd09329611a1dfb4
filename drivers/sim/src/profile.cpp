// SPDX-License-Identifier: MIT
// Profile loader: the top-level JSON fields (schema in docs/sim.md).
#include "profile.hpp"

#include <algorithm>
#include <sstream>

#include "profile_json.hpp"

namespace readerkit::sim {

using detail::check_keys;
using detail::get_hex;
using detail::get_string;
using detail::get_uint;
using detail::ProfileError;
using nlohmann::json;

namespace detail {
card::FileTree parse_filesystem(const json& j);  // profile_filesystem.cpp
}  // namespace detail

namespace {

std::uint8_t get_byte_hex(const json& v, std::string_view what) {
  Bytes b = get_hex(v, what);
  if (b.size() != 1) throw ProfileError{std::string(what) + ": expected one byte in hex"};
  return static_cast<std::uint8_t>(b[0]);
}

void parse_t0(const json& j, Profile& p) {
  check_keys(j, "t0", {"wi", "ack"});
  if (j.contains("wi")) p.wi = static_cast<std::uint8_t>(get_uint(j["wi"], "t0.wi", 255));
  if (p.wi == 0) throw ProfileError{"t0.wi: 0 is reserved"};
  if (!j.contains("ack")) return;
  const std::string ack = get_string(j["ack"], "t0.ack");
  if (ack == "all")
    p.t0_ack = T0Ack::all;
  else if (ack == "single")
    p.t0_ack = T0Ack::single;
  else if (ack == "mixed")
    p.t0_ack = T0Ack::mixed;
  else
    throw ProfileError{"t0.ack: expected all, single or mixed"};
}

void parse_t1(const json& j, Profile& p) {
  check_keys(j, "t1", {"ifsc", "bwi", "cwi", "edc"});
  if (j.contains("ifsc")) p.ifsc = static_cast<std::uint8_t>(get_uint(j["ifsc"], "t1.ifsc", 254));
  if (p.ifsc == 0) throw ProfileError{"t1.ifsc: expected 1..254"};
  if (j.contains("bwi")) p.bwi = static_cast<std::uint8_t>(get_uint(j["bwi"], "t1.bwi", 9));
  if (j.contains("cwi")) p.cwi = static_cast<std::uint8_t>(get_uint(j["cwi"], "t1.cwi", 15));
  if (!j.contains("edc")) return;
  const std::string edc = get_string(j["edc"], "t1.edc");
  if (edc != "lrc" && edc != "crc") throw ProfileError{"t1.edc: expected lrc or crc"};
  p.edc = edc == "crc" ? Edc::crc : Edc::lrc;
}

void parse_specific(const json& j, Profile& p) {
  if (j.is_null()) return;
  check_keys(j, "specific", {"protocol", "implicit", "can_change"});
  SpecificMode m;
  m.protocol =
      static_cast<std::uint8_t>(get_uint(j.value("protocol", json(1)), "specific.protocol", 1));
  m.implicit = j.value("implicit", false);
  m.can_change = j.value("can_change", true);
  p.specific = m;
}

void parse_timing(const json& j, Profile& p) {
  check_keys(j, "timing", {"unit_ms", "keepalive_ms", "delay_ms"});
  if (j.contains("unit_ms")) p.unit_ms = get_uint(j["unit_ms"], "timing.unit_ms", 10000);
  if (j.contains("keepalive_ms"))
    p.keepalive_ms = get_uint(j["keepalive_ms"], "timing.keepalive_ms", 10000);
  if (p.keepalive_ms == 0) throw ProfileError{"timing.keepalive_ms: expected 1..10000"};
  if (j.contains("delay_ms")) p.delay_ms = get_uint(j["delay_ms"], "timing.delay_ms", 10000);
}

void parse_pinpad(const json& j, Profile& p) {
  check_keys(j, "pinpad", {"min", "max", "display", "timeout_s"});
  PinPadConfig c;
  if (j.contains("min")) c.min_digits = static_cast<std::uint8_t>(get_uint(j["min"], "pinpad.min", 255));
  if (j.contains("max")) c.max_digits = static_cast<std::uint8_t>(get_uint(j["max"], "pinpad.max", 255));
  if (c.min_digits == 0 || c.max_digits < c.min_digits)
    throw ProfileError{"pinpad: expected 1 <= min <= max <= 255"};
  if (j.contains("display") && !j["display"].is_boolean())
    throw ProfileError{"pinpad.display: expected true or false"};
  c.display = j.value("display", false);
  if (j.contains("timeout_s"))
    c.timeout_s = static_cast<std::uint8_t>(get_uint(j["timeout_s"], "pinpad.timeout_s", 255));
  if (c.timeout_s == 0) throw ProfileError{"pinpad.timeout_s: expected 1..255"};
  p.pinpad = c;
}

void parse_protocols(const json& j, Profile& p) {
  if (!j.is_array() || j.empty()) throw ProfileError{"protocols: expected a list like [0, 1]"};
  p.protocols.clear();
  for (const auto& t : j)
    p.protocols.push_back(static_cast<std::uint8_t>(get_uint(t, "protocols", 1)));
}

// Faults armed by the profile use the words of the `fault` command: "edc every=3 dir=card".
void parse_faults(const json& j, Profile& p) {
  if (!j.is_array()) throw ProfileError{"faults: expected a list of fault commands"};
  for (const auto& f : j) {
    std::istringstream words_in(get_string(f, "faults[]"));
    std::vector<std::string> words;
    for (std::string w; words_in >> w;) words.push_back(w);
    if (auto e = apply_fault_words(p.faults, words); !e.empty()) throw ProfileError{"faults: " + e};
  }
}

void parse_top(const json& j, Profile& p) {
  check_keys(j, "profile",
             {"name", "description", "convention", "protocols", "ta1", "tc1", "specific", "t0",
              "t1", "historical", "atr", "pps", "extended", "timing", "filesystem", "faults", "pinpad"});
  p.name = get_string(j.value("name", json("unnamed")), "name");
  p.description = get_string(j.value("description", json("")), "description");
  const std::string conv = get_string(j.value("convention", json("direct")), "convention");
  if (conv != "direct" && conv != "inverse") throw ProfileError{"convention: direct or inverse"};
  p.convention = conv == "inverse" ? Convention::inverse : Convention::direct;
  if (j.contains("protocols")) parse_protocols(j["protocols"], p);
  if (j.contains("ta1")) p.ta1 = get_byte_hex(j["ta1"], "ta1");
  if (j.contains("tc1")) p.tc1 = get_byte_hex(j["tc1"], "tc1");
  if (j.contains("specific")) parse_specific(j["specific"], p);
  if (j.contains("t0")) parse_t0(j["t0"], p);
  if (j.contains("t1")) parse_t1(j["t1"], p);
  if (j.contains("historical")) p.historical = get_hex(j["historical"], "historical");
  if (p.historical.size() > 15) throw ProfileError{"historical: at most 15 bytes"};
  if (j.contains("atr")) p.atr_override = get_hex(j["atr"], "atr");
  const std::string pps = get_string(j.value("pps", json("accept")), "pps");
  if (pps != "accept" && pps != "refuse") throw ProfileError{"pps: accept or refuse"};
  p.pps_accept = pps == "accept";
  p.extended = j.value("extended", false);
  if (j.contains("timing")) parse_timing(j["timing"], p);
  if (j.contains("filesystem")) p.filesystem = detail::parse_filesystem(j["filesystem"]);
  if (j.contains("faults")) parse_faults(j["faults"], p);
  if (j.contains("pinpad")) parse_pinpad(j["pinpad"], p);
}

}  // namespace

bool Profile::offers(std::uint8_t t) const {
  return std::find(protocols.begin(), protocols.end(), t) != protocols.end();
}

std::optional<Profile> parse_profile(const std::string& json_text, std::string& error) {
  try {
    Profile p;
    parse_top(json::parse(json_text), p);
    return p;
  } catch (const ProfileError& e) {
    error = "profile: " + e.message;
  } catch (const json::parse_error& e) {
    // nlohmann's message quotes what it last read: the file could be any file the process can
    // read (pcscd runs as root), so only the position is reported.
    error = "profile: not valid JSON (at byte " + std::to_string(e.byte) + ")";
  } catch (const json::exception& e) {
    error = std::string("profile: ") + e.what();
  }
  return std::nullopt;
}

}  // namespace readerkit::sim
