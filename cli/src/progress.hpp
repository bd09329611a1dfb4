// SPDX-License-Identifier: MIT
// A one-line progress indication on stderr for long work ("bench 4200/10000 APDUs 42%",
// "run 120/800 lines 15%"), redrawn at most every 100 ms and erased when the work ends. It is
// drawn only where it cannot mix with the output: stderr a terminal and, for work that prints
// as it goes, stdout not that terminal.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace readerkit::cli {

/// Whether the work prints its lines while it runs (run) or only at its end (bench).
enum class ProgressOutput { at_end, as_it_goes };

class Progress {
 public:
  /// `what` and `unit` name the work ("bench", "APDUs"); `hint` follows the figures.
  Progress(std::string what, std::size_t total, std::string unit, std::string hint,
           ProgressOutput output);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t done);

 private:
  std::string what_, unit_, hint_;
  std::size_t total_;
  bool shown_;
  std::chrono::steady_clock::time_point next_;
};

}  // namespace readerkit::cli
