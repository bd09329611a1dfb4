// SPDX-License-Identifier: MIT
#include "faults.hpp"

#include <array>
#include <charconv>
#include <map>
#include <string_view>

namespace readerkit::sim {
namespace {

using Params = std::map<std::string, std::string>;

std::string number(const Params& p, const std::string& key, std::uint32_t& out, bool required) {
  auto it = p.find(key);
  if (it == p.end()) return required ? "missing " + key + "=N" : "";
  const std::string& v = it->second;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc{} || end != v.data() + v.size()) return "bad number '" + v + "'";
  return "";
}

std::string every(const Params& p, std::uint32_t& out) {
  std::uint32_t n = 0;
  if (auto e = number(p, "every", n, true); !e.empty()) return e;
  if (n == 0) return "every=N needs N >= 1";
  out = n;
  return "";
}

std::string edc(FaultConfig& c, const Params& p) {
  auto dir = p.count("dir") ? p.at("dir") : std::string("card");
  if (dir != "card" && dir != "reader") return "dir must be card or reader";
  return every(p, dir == "card" ? c.edc_card_every : c.edc_reader_every);
}
std::string drop(FaultConfig& c, const Params& p) {
  return every(p, c.drop_every);
}
std::string mute(FaultConfig& c, const Params&) {
  c.mute = true;
  return "";
}
std::string slow(FaultConfig& c, const Params& p) {
  c.slow_keepalive = p.count("keepalive") != 0;
  return number(p, "ms", c.slow_ms, true);
}
std::string wtx(FaultConfig& c, const Params& p) {
  c.wtx_count = 1;
  return number(p, "count", c.wtx_count, false);
}
std::string pps_refuse(FaultConfig& c, const Params&) {
  c.pps_refuse = true;
  return "";
}
std::string remove_tx(FaultConfig& c, const Params&) {
  c.remove_during_transmit = true;
  return "";
}
std::string atr_garbage(FaultConfig& c, const Params&) {
  c.atr_garbage = true;
  return "";
}

struct FaultRow {
  std::string_view name;
  std::array<std::string_view, 2> keys;  // the key=value options it accepts
  std::string (*apply)(FaultConfig&, const Params&);
};

const std::array kFaults{
    FaultRow{"edc", {"every", "dir"}, edc},
    FaultRow{"drop", {"every", ""}, drop},
    FaultRow{"mute", {"", ""}, mute},
    FaultRow{"slow", {"ms", "keepalive"}, slow},
    FaultRow{"wtx", {"count", ""}, wtx},
    FaultRow{"pps-refuse", {"", ""}, pps_refuse},
    FaultRow{"remove-during-transmit", {"", ""}, remove_tx},
    FaultRow{"atr-garbage", {"", ""}, atr_garbage},
};

std::string parse_params(const FaultRow& row, const std::vector<std::string>& words, Params& p) {
  for (std::size_t i = 1; i < words.size(); ++i) {
    auto eq = words[i].find('=');
    std::string key = words[i].substr(0, eq);  // a bare word is a flag option
    if (eq == std::string::npos && row.keys[1] != key)
      return "expected key=value, got '" + words[i] + "'";
    bool known = !key.empty() && (row.keys[0] == key || row.keys[1] == key);
    if (!known) return "fault " + std::string(row.name) + " has no option '" + key + "'";
    p[key] = eq == std::string::npos ? "" : words[i].substr(eq + 1);
  }
  return "";
}

}  // namespace

std::string apply_fault_words(FaultConfig& config, const std::vector<std::string>& words) {
  if (words.empty()) return "missing fault name";
  for (const auto& row : kFaults) {
    if (row.name != words[0]) continue;
    Params p;
    if (auto e = parse_params(row, words, p); !e.empty()) return e;
    FaultConfig next = config;
    if (auto e = row.apply(next, p); !e.empty()) return e;
    config = next;
    return "";
  }
  std::string known;
  for (const auto& n : fault_names()) known += (known.empty() ? "" : ", ") + n;
  return "unknown fault '" + words[0] + "' (known: " + known + ", clear)";
}

std::vector<std::string> fault_names() {
  std::vector<std::string> out;
  for (const auto& row : kFaults) out.emplace_back(row.name);
  return out;
}

// mutex_ held: whether any fault is armed, for the lock-free fast paths below.
void FaultState::publish() {
  armed_.store(config_ != FaultConfig{}, std::memory_order_release);
}

void FaultState::set(const FaultConfig& config) {
  std::lock_guard lock(mutex_);
  config_ = config;
  publish();
}

FaultConfig FaultState::locked_config() const {
  std::lock_guard lock(mutex_);
  return config_;
}

std::string FaultState::apply(const std::vector<std::string>& words) {
  std::lock_guard lock(mutex_);
  std::string refused = apply_fault_words(config_, words);
  publish();
  return refused;
}

void FaultState::clear() {
  std::lock_guard lock(mutex_);
  config_ = FaultConfig{};
  edc_card_counter_ = edc_reader_counter_ = drop_counter_ = 0;
  publish();
}

void FaultState::arm(const FaultConfig& c) {
  std::lock_guard lock(mutex_);
  FaultConfig& a = config_;
  if (c.edc_card_every) a.edc_card_every = c.edc_card_every;
  if (c.edc_reader_every) a.edc_reader_every = c.edc_reader_every;
  if (c.drop_every) a.drop_every = c.drop_every;
  if (c.slow_ms) a.slow_ms = c.slow_ms;
  if (c.wtx_count) a.wtx_count = c.wtx_count;
  a.mute = a.mute || c.mute;
  a.pps_refuse = a.pps_refuse || c.pps_refuse;
  a.remove_during_transmit = a.remove_during_transmit || c.remove_during_transmit;
  a.atr_garbage = a.atr_garbage || c.atr_garbage;
  publish();
}

bool FaultState::count(std::uint32_t every_n, std::uint32_t& counter) {
  if (every_n == 0) return false;
  if (++counter < every_n) return false;
  counter = 0;
  return true;
}

bool FaultState::corrupt_card_block() {
  if (!armed()) return false;
  std::lock_guard lock(mutex_);
  return count(config_.edc_card_every, edc_card_counter_);
}

bool FaultState::corrupt_reader_block() {
  if (!armed()) return false;
  std::lock_guard lock(mutex_);
  return count(config_.edc_reader_every, edc_reader_counter_);
}

bool FaultState::drop_card_block() {
  if (!armed()) return false;
  std::lock_guard lock(mutex_);
  return count(config_.drop_every, drop_counter_);
}

bool FaultState::take_remove_during_transmit() {
  if (!armed()) return false;
  std::lock_guard lock(mutex_);
  const bool armed = config_.remove_during_transmit;
  config_.remove_during_transmit = false;
  publish();
  return armed;
}

}  // namespace readerkit::sim
