// SPDX-License-Identifier: MIT
#include "status_watch.hpp"

#include <algorithm>
#include <chrono>

namespace readerkit::pcsc::detail {
namespace {

// Bounds how late a reader that joined just before a wait began is seen (its SCardCancel may
// fall before the wait), and how long a stop takes in the same case.
constexpr DWORD kWaitSliceMs = 1000;
constexpr auto kRetryDelay = std::chrono::milliseconds(500);

// pcsc-lite keeps a count of card events in the high 16 bits of dwEventState.
DWORD event_counter(DWORD state) {
  return state >> 16;
}

bool card_present(DWORD state) {
  return (state & SCARD_STATE_PRESENT) != 0;
}

bool service_gone(LONG rv) {
  return rv == SCARD_E_NO_SERVICE || rv == SCARD_E_SERVICE_STOPPED ||
         rv == SCARD_E_INVALID_HANDLE;
}

}  // namespace

void WatchedReader::report(bool card, DWORD counter) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  const bool swapped = reported_ && card && last_present_ && counter != last_counter_;
  if (swapped) present(false);  // removed and inserted again between two waits
  if (!reported_ || card != last_present_ || swapped) present(card);
  reported_ = true;
  last_present_ = card;
  last_counter_ = counter;
}

void WatchedReader::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

std::shared_ptr<StatusHub> StatusHub::instance(const WinscardApi& api) {
  static std::mutex mutex;
  static std::weak_ptr<StatusHub> current;
  std::lock_guard lock(mutex);
  auto hub = current.lock();
  if (!hub || &hub->api_ != &api) {
    hub = std::make_shared<StatusHub>(api);
    current = hub;
  }
  return hub;
}

StatusHub::~StatusHub() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    interrupt();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (context_ != 0) api_.release_context(context_);
}

void StatusHub::add(std::shared_ptr<WatchedReader> reader) {
  std::lock_guard lock(mutex_);
  readers_.push_back(std::move(reader));
  ++generation_;
  interrupt();
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  changed_.notify_all();
}

void StatusHub::remove(const std::shared_ptr<WatchedReader>& reader) {
  reader->close();
  std::lock_guard lock(mutex_);
  std::erase(readers_, reader);
  ++generation_;
  interrupt();
}

std::size_t StatusHub::threads() const {
  std::lock_guard lock(mutex_);
  return thread_.joinable() ? 1 : 0;
}

void StatusHub::interrupt() {
  if (waiting_ && context_ != 0) api_.cancel(context_);
}

void StatusHub::pause() {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, kRetryDelay, [this] { return stopping_; });
}

bool StatusHub::ensure_context() {
  if (context_ != 0) return true;
  SCARDCONTEXT context = 0;
  if (api_.establish_context(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) != SCARD_S_SUCCESS)
    return false;
  std::lock_guard lock(mutex_);
  context_ = context;
  return true;
}

void StatusHub::run() {
  for (;;) {
    std::vector<std::shared_ptr<WatchedReader>> readers;
    std::uint64_t generation = 0;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return stopping_ || !readers_.empty(); });
      if (stopping_) return;
      readers = readers_;
      generation = generation_;
    }
    if (!ensure_context()) {
      for (const auto& r : readers) r->report(false, 0);  // no service: no card anywhere
      pause();
      continue;
    }
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      if (generation != generation_) continue;  // someone joined or left meanwhile
      waiting_ = true;
    }
    wait_once(readers);
    std::lock_guard lock(mutex_);
    waiting_ = false;
  }
}

// One SCardGetStatusChange over every watched reader.
void StatusHub::wait_once(const std::vector<std::shared_ptr<WatchedReader>>& readers) {
  std::vector<SCARD_READERSTATE> states(readers.size());
  for (std::size_t i = 0; i < readers.size(); ++i) {
    states[i].szReader = readers[i]->name.c_str();
    states[i].dwCurrentState = readers[i]->known_state;
  }
  const LONG rv = api_.get_status_change(context_, kWaitSliceMs, states.data(),
                                         static_cast<DWORD>(states.size()));
  if (rv == SCARD_E_TIMEOUT || rv == SCARD_E_CANCELLED) return;
  if (rv != SCARD_S_SUCCESS) {
    for (const auto& r : readers) {
      r->report(false, 0);
      r->known_state = SCARD_STATE_UNAWARE;
    }
    if (service_gone(rv)) {
      std::lock_guard lock(mutex_);
      api_.release_context(context_);  // a new context once pcscd is back
      context_ = 0;
    }
    pause();
    return;
  }
  for (std::size_t i = 0; i < readers.size(); ++i) {
    const DWORD state = states[i].dwEventState;
    // A reader pcscd no longer knows has no card; UNKNOWN stays our known state, so the next
    // wait returns only when it comes back.
    const bool gone = (state & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) != 0;
    readers[i]->report(!gone && card_present(state), event_counter(state));
    readers[i]->known_state = state & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
  }
}

StatusWatch::StatusWatch(const WinscardApi& api, std::string reader_name,
                         std::function<void(bool)> present)
    : api_(api),
      reader_(std::make_shared<WatchedReader>(std::move(reader_name), std::move(present))) {}

StatusWatch::~StatusWatch() {
  stop();
}

void StatusWatch::start() {
  SCARDCONTEXT context = 0;
  if (api_.establish_context(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context) == SCARD_S_SUCCESS) {
    SCARD_READERSTATE state{};
    state.szReader = reader_->name.c_str();
    state.dwCurrentState = SCARD_STATE_UNAWARE;
    if (api_.get_status_change(context, 0, &state, 1) == SCARD_S_SUCCESS) {
      reader_->report(card_present(state.dwEventState), event_counter(state.dwEventState));
      reader_->known_state = state.dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
    }
    api_.release_context(context);
  }
  hub_ = StatusHub::instance(api_);
  hub_->add(reader_);
}

void StatusWatch::stop() {
  if (!hub_) return;
  hub_->remove(reader_);
  hub_.reset();  // the last watch to leave stops the thread
}

}  // namespace readerkit::pcsc::detail
