// SPDX-License-Identifier: MIT
// The C line of drivers/sim/include/readerkit/sim/sim_line_c.h: a SimLine, its card and faults,
// the control socket, and the insert/remove events, without a Device (the C driver and the
// library above it own that).
#include "readerkit/sim/sim_line_c.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "atr_reader.hpp"
#include "card/sim_card.hpp"
#include "control_socket.hpp"
#include "faults.hpp"
#include "profile.hpp"
#include "sim_line.hpp"

struct RkSimLine {
  readerkit::sim::SimLine line;
  readerkit::sim::FaultState faults;
  std::string profile_name = "default";
  RkSimLineEvent on_event = nullptr;
  void* context = nullptr;
  std::mutex command_mutex;  // control commands one at a time
  std::unique_ptr<readerkit::sim::ControlServer> control;
};

namespace readerkit::sim {
namespace {

void report(RkSimLine& s, int present) {
  if (s.on_event) s.on_event(s.context, present);
}

CommandReply insert(RkSimLine& s, const std::string& name) {
  if (s.line.present()) return {false, "a card is already inserted"};
  std::string error;
  auto profile = load_profile(name, error);
  if (!profile) return {false, error};
  s.faults.arm(profile->faults);
  s.line.insert(std::make_shared<card::SimCard>(std::move(*profile), s.faults));
  report(s, 1);
  return {true, ""};
}

CommandReply remove(RkSimLine& s) {
  if (!s.line.present()) return {false, "no card inserted"};
  s.line.remove();
  report(s, 0);
  return {true, ""};
}

// The control socket's commands, as for the simulated reader (docs/sim.md "Control socket").
CommandReply command(RkSimLine& s, const std::vector<std::string>& words) {
  std::lock_guard lock(s.command_mutex);
  if (words.size() == 2 && words[0] == "card" && words[1] == "remove") return remove(s);
  if (words.size() >= 2 && words.size() <= 3 && words[0] == "card" && words[1] == "insert")
    return insert(s, words.size() == 3 ? words[2] : s.profile_name);
  if (words.size() == 2 && words[0] == "fault" && words[1] == "clear") {
    s.faults.clear();
    return {true, ""};
  }
  if (words.size() >= 2 && words[0] == "fault") {
    const std::string e = s.faults.apply({words.begin() + 1, words.end()});
    return {e.empty(), e};
  }
  return {false, "unknown command (expected: card insert [PROFILE] | card remove | "
                 "fault NAME [key=value ...] | fault clear)"};
}

int result(Status s) {
  if (s == Status::SUCCESS) return RK_LINE_OK;
  if (s == Status::IO_TIMEOUT) return RK_LINE_TIMEOUT;
  return RK_LINE_NO_CARD;
}

void set_error(char* error, std::size_t size, const std::string& message) {
  if (error == nullptr || size == 0) return;
  const std::size_t n = std::min(size - 1, message.size());
  std::memcpy(error, message.data(), n);
  error[n] = '\0';
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(separator, start), text.size());
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace
}  // namespace readerkit::sim

using namespace readerkit;
using namespace readerkit::sim;

extern "C" RkSimLine* rk_sim_line_open(const char* options, RkSimLineEvent on_event,
                                       void* context, char* error, size_t error_size) {
  auto s = std::make_unique<RkSimLine>();
  s->on_event = on_event;
  s->context = context;
  bool card = true;
  std::string control;
  for (const std::string& field : split(options ? options : "", ':')) {
    const auto eq = field.find('=');
    const std::string key = field.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : field.substr(eq + 1);
    if (key == "profile" && !value.empty()) {
      s->profile_name = value;
    } else if (key == "card" && value == "absent") {
      card = false;
    } else if (key == "control" && !value.empty()) {
      control = value;
    } else {
      set_error(error, error_size, "unknown option '" + field + "'");
      return nullptr;
    }
  }
  if (card) {
    const CommandReply r = insert(*s, s->profile_name);
    if (!r.ok) {
      set_error(error, error_size, r.message);
      return nullptr;
    }
  }
  if (!control.empty()) {
    RkSimLine* raw = s.get();
    s->control = std::make_unique<ControlServer>(
        control, [raw](const std::vector<std::string>& words) { return command(*raw, words); });
    if (std::string e = s->control->start(); !e.empty()) {
      set_error(error, error_size, e);
      return nullptr;
    }
  }
  return s.release();
}

extern "C" void rk_sim_line_close(RkSimLine* line) {
  if (line == nullptr) return;
  line->control.reset();  // no command runs after this
  delete line;
}

extern "C" int rk_sim_line_present(const RkSimLine* line) {
  return line->line.present() ? 1 : 0;
}

extern "C" int rk_sim_line_reset(RkSimLine* line, unsigned char* atr, size_t* length) {
  line->line.discard_input();
  if (Status s = line->line.reset(); s != Status::SUCCESS) return result(s);
  auto answer = read_atr(line->line);
  if (!answer) return result(answer.status());
  if (answer->size() > *length) return RK_LINE_ERROR;
  std::memcpy(atr, answer->data(), answer->size());
  *length = answer->size();
  return RK_LINE_OK;
}

extern "C" int rk_sim_line_power_down(RkSimLine* line) {
  return result(line->line.power_down());
}

extern "C" int rk_sim_line_start_exchange(RkSimLine* line) {
  line->line.discard_input();
  if (line->faults.take_remove_during_transmit()) {
    // The fault: the card leaves right after the command's first bytes reach it.
    line->line.after_next_send([line] { (void)remove(*line); });
  }
  return RK_LINE_OK;
}

extern "C" int rk_sim_line_send(RkSimLine* line, const unsigned char* bytes, size_t length) {
  const auto* b = reinterpret_cast<const std::byte*>(bytes);
  return result(line->line.send({b, length}));
}

extern "C" int rk_sim_line_receive(RkSimLine* line, unsigned char* bytes, size_t length,
                                   unsigned long timeout_us) {
  auto* b = reinterpret_cast<std::byte*>(bytes);
  const auto wait = static_cast<std::uint32_t>(std::min<unsigned long>(timeout_us, 0xFFFFFFFFul));
  return result(line->line.receive({b, length}, wait));
}
