// SPDX-License-Identifier: MIT
// SimReader::command(): `card ...` and `fault ...` words, addressed to a slot with an optional
// `slot=K` word anywhere after the first (default slot 0; docs/sim.md "Control socket").
#include <array>
#include <charconv>

#include "sim_reader_impl.hpp"

namespace readerkit::sim {
namespace {

constexpr std::string_view kSlotKey = "slot=";

/// Removes the `slot=K` word from `words` into `slot`; an error message, or "" when fine.
std::string take_slot_word(std::vector<std::string>& words, std::size_t slot_count,
                           std::size_t& slot) {
  slot = 0;
  bool seen = false;
  for (auto it = words.begin() + (words.empty() ? 0 : 1); it != words.end();) {
    if (!it->starts_with(kSlotKey)) {
      ++it;
      continue;
    }
    if (seen) return "slot= given twice";
    const std::string_view value = std::string_view(*it).substr(kSlotKey.size());
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), slot);
    if (ec != std::errc{} || end != value.data() + value.size() || value.empty()) {
      return "slot= needs a slot number";
    }
    if (slot >= slot_count) {
      return "no slot " + std::string(value) + " (the reader has " + std::to_string(slot_count) +
             (slot_count == 1 ? " slot)" : " slots)");
    }
    seen = true;
    it = words.erase(it);
  }
  return "";
}

// What a log line shows of a command word: the digits of `pin DIGITS` only as their count.
std::string logged_word(const std::vector<std::string>& words, const std::string& w) {
  const bool digits = !words.empty() && words[0] == "pin" && &w != &words[0] && w != "cancel" &&
                      !w.starts_with(kSlotKey);
  return digits ? "<" + std::to_string(w.size()) + " digits>" : w;
}

}  // namespace

CommandReply SimReaderImpl::command(const std::vector<std::string>& words) {
  std::lock_guard lock(command_mutex_);
  CommandReply reply = run_command(words);
  if (log_.enabled(LogLevel::DRIVER)) {
    std::string line = "sim:";
    for (const auto& w : words) line += " " + logged_word(words, w);
    log_(LogLevel::DRIVER, line + (reply.ok ? " -> ok" : " -> error " + reply.message));
  }
  return reply;
}

CommandReply SimReaderImpl::run_command(std::vector<std::string> words) {
  using Handler = CommandReply (SimReaderImpl::*)(SimSlot&, const std::vector<std::string>&);
  struct Row {
    std::string_view name;
    Handler handle;
  };
  static constexpr std::array kCommands{Row{"card", &SimReaderImpl::card_command},
                                        Row{"fault", &SimReaderImpl::fault_command},
                                        Row{"pin", &SimReaderImpl::pin_command}};
  if (!words.empty() && words[0] == "trace") return trace_command(words);  // every slot at once
  std::size_t slot = 0;
  for (const auto& row : kCommands) {
    if (words.empty() || words[0] != row.name) continue;
    if (auto e = take_slot_word(words, slots_.size(), slot); !e.empty()) return {false, e};
    return (this->*row.handle)(*slots_[slot], words);
  }
  return {false,
          "unknown command (expected: card insert [PROFILE] | card remove | "
          "fault NAME [key=value ...] | fault clear | pin DIGITS | pin cancel; each with an "
          "optional slot=K; trace start FILE [mask] | trace stop)"};
}

CommandReply SimReaderImpl::card_command(SimSlot& slot, const std::vector<std::string>& words) {
  if (words.size() == 2 && words[1] == "remove") return slot.remove();
  if (words.size() < 2 || words[1] != "insert" || words.size() > 3) {
    return {false, "usage: card insert [PROFILE] [slot=K] | card remove [slot=K]"};
  }
  if (words.size() == 2) return slot.insert(own_profile_);
  std::string error;
  auto profile = load_profile(words[2], error);
  if (!profile) return {false, error};
  return slot.insert(std::move(*profile));
}

// `pin DIGITS` queues one keypad entry, `pin cancel` a press of Cancel (docs/sim.md "PIN pad").
CommandReply SimReaderImpl::pin_command(SimSlot& slot, const std::vector<std::string>& words) {
  Keypad* keypad = slot.keypad();
  if (keypad == nullptr) return {false, "this reader has no PIN pad (profile \"pinpad\")"};
  if (words.size() != 2) return {false, "usage: pin DIGITS | pin cancel [slot=K]"};
  const bool queued = words[1] == "cancel" ? keypad->cancel() : keypad->type(words[1]);
  if (!queued) return {false, "pin: expected 1..255 digits or cancel, at most 16 waiting"};
  return {true, ""};
}

CommandReply SimReaderImpl::fault_command(SimSlot& slot, const std::vector<std::string>& words) {
  if (words.size() == 2 && words[1] == "clear") {
    slot.faults().clear();
    return {true, ""};
  }
  std::vector<std::string> rest(words.begin() + 1, words.end());
  if (auto e = slot.faults().apply(rest); !e.empty()) return {false, e};
  return {true, ""};
}

}  // namespace readerkit::sim
