// SPDX-License-Identifier: MIT
// The thread that turns pcscd's reader states into card events: SCardGetStatusChange on a
// context of its own (so SCardCancel stops exactly this wait), one thread per pcsc: reader.
// A card removed and another inserted between two waits (pcscd's event counter moved while the
// card stayed present) is reported as a removal then an insertion. A reader that disappears or a
// service that stops is a removal; the thread then retries every 500 ms, so the card comes back
// when pcscd and the reader do.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "winscard_api.hpp"

namespace readerkit::pcsc::detail {

class StatusWatch {
 public:
  /// `present(true|false)` is called on the thread for every change, the first state included.
  StatusWatch(const WinscardApi& api, std::string reader_name,
              std::function<void(bool present)> present);
  ~StatusWatch();  // stop()
  StatusWatch(const StatusWatch&) = delete;
  StatusWatch& operator=(const StatusWatch&) = delete;

  /// Reads the current state once (so the reader opens with the right card state), then starts
  /// the thread.
  void start();
  /// Cancels the wait and joins the thread; bounded by one wait slice (1 s) at worst.
  void stop();

 private:
  void run();
  bool wait_once();
  void report(bool present, DWORD counter);
  void pause();
  void release();

  const WinscardApi& api_;
  std::string name_;
  std::function<void(bool)> present_;
  SCARDCONTEXT context_ = 0;
  DWORD known_state_ = SCARD_STATE_UNAWARE;
  bool reported_ = false;
  bool last_present_ = false;
  DWORD last_counter_ = 0;
  std::mutex mutex_;  // guards context_ against stop()'s SCardCancel
  std::condition_variable stopped_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace readerkit::pcsc::detail
