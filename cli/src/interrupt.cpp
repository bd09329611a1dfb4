// SPDX-License-Identifier: MIT
#include "interrupt.hpp"

#include <unistd.h>

#include <cstdio>

namespace readerkit::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void on_sigint(int) {
  g_interrupted = 1;
}

constexpr auto kRedrawEvery = std::chrono::milliseconds(100);

}  // namespace

InterruptScope::InterruptScope() {
  g_interrupted = 0;
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_);
}

InterruptScope::~InterruptScope() {
  sigaction(SIGINT, &previous_, nullptr);
}

bool InterruptScope::interrupted() const {
  return g_interrupted != 0;
}

Progress::Progress(const char* what, std::size_t total)
    : what_(what), total_(total), shown_(isatty(STDERR_FILENO) == 1),
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
  std::fprintf(stderr, "\r%s %zu/%zu APDUs %zu%% (Ctrl-C stops with partial figures)", what_,
               done, total_, percent);
  std::fflush(stderr);
}

}  // namespace readerkit::cli
