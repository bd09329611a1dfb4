// SPDX-License-Identifier: MIT
// A simulated card profile: what the card answers at reset, how it negotiates, its timing,
// its applications and their contents, and faults armed from the start. Loaded from JSON
// (schema in docs/sim.md); the built-in profiles are embedded in the library.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "card/file_tree.hpp"
#include "faults.hpp"
#include "keypad.hpp"
#include "readerkit/atr.hpp"
#include "readerkit/bytes.hpp"

namespace readerkit::sim {

/// How the T=0 card acknowledges incoming data: all at once (INS), byte by byte
/// (INS xor FF) or the first byte singly and then the rest (both kinds on every command).
enum class T0Ack { all, single, mixed };

/// TA2: the card starts in specific mode (ISO/IEC 7816-3 §8.3, §6.3.1).
struct SpecificMode {
  std::uint8_t protocol = 1;
  bool implicit = false;   // bit 5: parameters are implicit, not TA1's
  bool can_change = true;  // bit 8 clear
};

/// Everything a profile says.
struct Profile {
  std::string name;
  std::string description;
  Convention convention = Convention::direct;
  std::vector<std::uint8_t> protocols{0};  // offered, first = the default protocol
  std::optional<std::uint8_t> ta1;         // Fi/Di offered (absent: 0x11)
  std::optional<std::uint8_t> tc1;         // extra guard time
  std::optional<SpecificMode> specific;
  std::uint8_t wi = 10;  // TC2 (emitted when not 10)
  T0Ack t0_ack = T0Ack::all;
  std::uint8_t ifsc = 32;  // the card's IFSC (TA3)
  std::uint8_t bwi = 4;
  std::uint8_t cwi = 13;
  Edc edc = Edc::lrc;
  Bytes historical;
  std::optional<Bytes> atr_override;  // exact ATR bytes (logical values) instead of built
  bool pps_accept = true;
  bool extended = false;            // extended length APDUs accepted
  std::uint32_t unit_ms = 10;       // readertest time request unit
  std::uint32_t keepalive_ms = 50;  // NULL / S(WTX) interval during long work
  std::uint32_t delay_ms = 0;       // processing delay before every answer
  std::optional<card::FileTree> filesystem;
  FaultConfig faults;
  /// The reader's virtual PIN pad ("pinpad"): taken from the profile the reader opens with.
  std::optional<PinPadConfig> pinpad;

  bool offers(std::uint8_t t) const;
};

/// Parses a profile from JSON text; nullopt with `error` set when it does not follow the schema.
std::optional<Profile> parse_profile(const std::string& json_text, std::string& error);

/// Loads a built-in profile by name, or a JSON file when `name_or_path` contains a '/' or ends
/// in ".json"; nullopt with `error` set otherwise.
std::optional<Profile> load_profile(const std::string& name_or_path, std::string& error);

/// Names of the built-in profiles.
std::vector<std::string> builtin_profile_names();

}  // namespace readerkit::sim
