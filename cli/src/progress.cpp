// SPDX-License-Identifier: MIT
#include "progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <utility>

namespace readerkit::cli {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

bool wanted(ProgressOutput output) {
  if (isatty(STDERR_FILENO) != 1) return false;
  return output == ProgressOutput::at_end || isatty(STDOUT_FILENO) != 1;
}

}  // namespace

Progress::Progress(std::string what, std::size_t total, std::string unit, std::string hint,
                   ProgressOutput output)
    : what_(std::move(what)),
      unit_(std::move(unit)),
      hint_(std::move(hint)),
      total_(total),
      shown_(wanted(output)),
      next_(std::chrono::steady_clock::now() + kRedrawEvery) {}

Progress::~Progress() {
  if (shown_) std::fprintf(stderr, "\r\033[K");
}

void Progress::update(std::size_t done) {
  if (!shown_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now < next_) return;
  next_ = now + kRedrawEvery;
  const std::size_t percent = total_ == 0 ? 100 : done * 100 / total_;
  std::fprintf(stderr, "\r%s %zu/%zu %s %zu%%%s%s", what_.c_str(), done, total_, unit_.c_str(),
               percent, hint_.empty() ? "" : " ", hint_.c_str());
  std::fflush(stderr);
}

}  // namespace readerkit::cli
