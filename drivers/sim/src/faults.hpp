// SPDX-License-Identifier: MIT
// Fault injection for the simulated card (docs/contract/cli.md `fault`; docs/sim.md "Faults").
// A fault stays armed across card insertion until cleared, except remove-during-transmit,
// which fires once. The set is shared by the reader, its card and the control socket.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace readerkit::sim {

/// The armed faults; zero / false is "not armed".
struct FaultConfig {
  std::uint32_t edc_card_every = 0;     // corrupt the EDC of every Nth block the card sends
  std::uint32_t edc_reader_every = 0;   // corrupt every Nth block the reader sends
  std::uint32_t drop_every = 0;         // lose every Nth block the card sends
  bool mute = false;                    // the card answers nothing after its ATR
  std::uint32_t slow_ms = 0;            // the card waits this long before every answer...
  bool slow_keepalive = false;          // ...announcing it (NULL bytes / S(WTX)), or silent
  std::uint32_t wtx_count = 0;          // S(WTX) requests (T=0: NULL bytes) before answers
  bool pps_refuse = false;              // the card ignores PPS requests
  bool remove_during_transmit = false;  // the next transmit loses the card (fires once)
  bool atr_garbage = false;             // the card answers reset with bytes that are no ATR

  bool operator==(const FaultConfig&) const = default;
};

/// The `slow` fault's delay the card spends silently, and the part it announces with
/// keep-alives (T=0 NULL bytes, T=1 S(WTX) requests, one per profile keep-alive interval).
inline std::uint32_t silent_slow_ms(const FaultConfig& c) {
  return c.slow_keepalive ? 0 : c.slow_ms;
}
inline std::uint32_t announced_slow_ms(const FaultConfig& c) {
  return c.slow_keepalive ? c.slow_ms : 0;
}

/// Applies one `fault` command (words after "fault": NAME key=value ...) to `config`;
/// an empty string on success, else the reason it was refused.
std::string apply_fault_words(FaultConfig& config, const std::vector<std::string>& words);

/// The names `fault` accepts, for messages and docs.
std::vector<std::string> fault_names();

/// Thread-safe armed faults with the counters of the "every Nth" faults. With nothing armed
/// (every exchange outside fault tests) the per-block questions take no lock.
class FaultState {
 public:
  void set(const FaultConfig& config);
  /// The armed faults; inline, so a caller asking for one field with nothing armed (every
  /// exchange outside fault tests) compiles to one atomic load.
  FaultConfig get() const { return armed() ? locked_config() : FaultConfig{}; }
  /// Applies a command; see apply_fault_words().
  std::string apply(const std::vector<std::string>& words);
  void clear();
  /// Arms every fault `config` arms (a profile's faults on insertion), keeping the others.
  void arm(const FaultConfig& config);

  /// Counting decisions, one call per block of the named direction.
  bool corrupt_card_block();
  bool corrupt_reader_block();
  bool drop_card_block();
  /// True once after remove-during-transmit was armed (it disarms itself).
  bool take_remove_during_transmit();

 private:
  static bool count(std::uint32_t every, std::uint32_t& counter);
  bool armed() const { return armed_.load(std::memory_order_acquire); }
  FaultConfig locked_config() const;
  void publish();

  mutable std::mutex mutex_;
  std::atomic<bool> armed_{false};  // config_ differs from FaultConfig{}
  FaultConfig config_;
  std::uint32_t edc_card_counter_ = 0;
  std::uint32_t edc_reader_counter_ = 0;
  std::uint32_t drop_counter_ = 0;
};

}  // namespace readerkit::sim
