// SPDX-License-Identifier: MIT
// Fuzz target: the words of a `fault` command (control socket, CLI `fault`, profile faults).
// Each input line is one command. Invariants: a refused command leaves the armed faults as
// they were; an accepted one arms what it names and nothing it does not; the "every Nth"
// counters fire exactly once per N blocks.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "control_socket.hpp"
#include "faults.hpp"

using namespace readerkit::sim;

namespace {

[[noreturn]] void violated() {
  std::abort();
}

/// Fires exactly once in every `every` calls of `decide` (checked over two periods, capped).
template <typename Decide>
void check_period(std::uint32_t every, Decide decide) {
  if (every == 0 || every > 64) return;
  for (int period = 0; period < 2; ++period) {
    for (std::uint32_t i = 1; i <= every; ++i) {
      if (decide() != (i == every)) violated();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  FaultConfig config;
  std::size_t start = 0;
  for (int lines = 0; start <= text.size() && lines < 64; ++lines) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::vector<std::string> words =
        split_words(std::string(text.substr(start, end - start)));
    start = end + 1;
    const FaultConfig before = config;
    const std::string error = apply_fault_words(config, words);
    if (!error.empty() && !(config == before)) violated();
    if (error.empty() && (words.empty() || words[0].empty())) violated();
  }
  FaultState state;
  state.set(config);
  if (!(state.get() == config)) violated();
  check_period(config.edc_card_every, [&] { return state.corrupt_card_block(); });
  check_period(config.edc_reader_every, [&] { return state.corrupt_reader_block(); });
  check_period(config.drop_every, [&] { return state.drop_card_block(); });
  if (state.take_remove_during_transmit() != config.remove_during_transmit) violated();
  if (state.take_remove_during_transmit()) violated();  // fires once
  state.clear();
  if (!(state.get() == FaultConfig{})) violated();
  return 0;
}
