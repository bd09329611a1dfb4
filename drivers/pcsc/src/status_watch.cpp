// SPDX-License-Identifier: MIT
#include "status_watch.hpp"

#include <chrono>

namespace readerkit::pcsc::detail {
namespace {

constexpr DWORD kWaitSliceMs = 1000;  // bounds stop() if a cancel falls between two waits
constexpr auto kRetryDelay = std::chrono::milliseconds(500);

// pcsc-lite keeps a count of card events in the high 16 bits of dwEventState.
DWORD event_counter(DWORD state) {
  return state >> 16;
}

bool card_present(DWORD state) {
  return (state & SCARD_STATE_PRESENT) != 0;
}

}  // namespace

StatusWatch::StatusWatch(const WinscardApi& api, std::string reader_name,
                         std::function<void(bool)> present)
    : api_(api), name_(std::move(reader_name)), present_(std::move(present)) {}

StatusWatch::~StatusWatch() {
  stop();
}

void StatusWatch::start() {
  (void)api_.establish_context(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context_);
  if (context_ != 0) {
    SCARD_READERSTATE state{};
    state.szReader = name_.c_str();
    state.dwCurrentState = SCARD_STATE_UNAWARE;
    if (api_.get_status_change(context_, 0, &state, 1) == SCARD_S_SUCCESS) {
      report(card_present(state.dwEventState), event_counter(state.dwEventState));
      known_state_ = state.dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
    }
  }
  thread_ = std::thread([this] { run(); });
}

void StatusWatch::stop() {
  stopping_ = true;
  {
    std::lock_guard lock(mutex_);
    if (context_ != 0) api_.cancel(context_);
  }
  stopped_.notify_all();
  if (thread_.joinable()) thread_.join();
  release();
}

void StatusWatch::release() {
  std::lock_guard lock(mutex_);
  if (context_ != 0) api_.release_context(context_);
  context_ = 0;
  known_state_ = SCARD_STATE_UNAWARE;
}

void StatusWatch::pause() {
  std::unique_lock lock(mutex_);
  stopped_.wait_for(lock, kRetryDelay, [this] { return stopping_.load(); });
}

void StatusWatch::run() {
  while (!stopping_) {
    if (context_ == 0) {
      SCARDCONTEXT context = 0;
      if (api_.establish_context(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) ==
          SCARD_S_SUCCESS) {
        std::lock_guard lock(mutex_);
        context_ = context;
      } else {
        pause();
        continue;
      }
    }
    if (!wait_once()) pause();
  }
}

// One SCardGetStatusChange; false when the reader or the service is gone (reported absent).
bool StatusWatch::wait_once() {
  SCARD_READERSTATE state{};
  state.szReader = name_.c_str();
  state.dwCurrentState = known_state_;
  const LONG rv = api_.get_status_change(context_, kWaitSliceMs, &state, 1);
  if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED) return true;
  const bool reader_gone =
      rv != SCARD_S_SUCCESS || (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE));
  if (reader_gone) {
    report(false, last_counter_);
    if (rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED ||
        rv == SCARD_E_INVALID_HANDLE)
      release();  // a new context once pcscd is back
    known_state_ = SCARD_STATE_UNAWARE;
    return false;
  }
  report(card_present(state.dwEventState), event_counter(state.dwEventState));
  known_state_ = state.dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
  return true;
}

void StatusWatch::report(bool present, DWORD counter) {
  const bool swapped = reported_ && present && last_present_ && counter != last_counter_;
  if (swapped) present_(false);  // removed and inserted again between two waits
  if (!reported_ || present != last_present_ || swapped) present_(present);
  reported_ = true;
  last_present_ = present;
  last_counter_ = counter;
}

}  // namespace readerkit::pcsc::detail
