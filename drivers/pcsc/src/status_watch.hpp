// SPDX-License-Identifier: MIT
// Card events of the pcsc: readers (docs/pcsc.md "Card events"). Every pcsc: reader of a process
// is watched by one thread on one PC/SC context: a single SCardGetStatusChange over all of
// them, cancelled (SCardCancel) when a reader joins or leaves. A card removed and another
// inserted between two waits (pcscd's event counter moved while the card stayed present) is
// reported as a removal then an insertion. A reader that disappears is a removal and comes back
// when pcscd reports it again; a service that stops is a removal of every reader, and the
// thread tries a new context every 500 ms.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "winscard_api.hpp"

namespace readerkit::pcsc::detail {

/// One watched reader: its name, where its events go, and what pcscd last said of it.
struct WatchedReader {
  WatchedReader(std::string reader_name, std::function<void(bool)> on_change)
      : name(std::move(reader_name)), present(std::move(on_change)) {}

  /// Reports a state read from pcscd: calls `present` for a change (the first state included),
  /// unless the reader has left the watch.
  void report(bool card_present, DWORD counter);
  /// No call to `present` after this returns (one in progress is waited for).
  void close();

  const std::string name;
  DWORD known_state = SCARD_STATE_UNAWARE;  // the watch thread's, between two waits

 private:
  std::function<void(bool)> present;
  std::mutex mutex_;  // held while `present` runs
  bool closed_ = false;
  bool reported_ = false;
  bool last_present_ = false;
  DWORD last_counter_ = 0;
};

/// The process's watch thread and context for one API (one per process in practice).
class StatusHub {
 public:
  /// The hub now in use, made when none is.
  static std::shared_ptr<StatusHub> instance(const WinscardApi& api);
  explicit StatusHub(const WinscardApi& api) : api_(api) {}
  ~StatusHub();  // stops the thread (when the last watch left)
  StatusHub(const StatusHub&) = delete;
  StatusHub& operator=(const StatusHub&) = delete;

  void add(std::shared_ptr<WatchedReader> reader);
  void remove(const std::shared_ptr<WatchedReader>& reader);
  /// Watch threads running (0 or 1), for tests.
  std::size_t threads() const;

 private:
  void run();
  bool ensure_context();
  void wait_once(const std::vector<std::shared_ptr<WatchedReader>>& readers);
  void interrupt();  // with mutex_ held
  void pause();

  const WinscardApi& api_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::shared_ptr<WatchedReader>> readers_;
  std::uint64_t generation_ = 0;  // +1 on every add and remove
  bool waiting_ = false;          // the thread is in (or entering) SCardGetStatusChange
  bool stopping_ = false;
  SCARDCONTEXT context_ = 0;
  std::thread thread_;
};

/// One reader's place in the hub, for the life of a pcsc: reader.
class StatusWatch {
 public:
  /// `present(true|false)` is called on the watch thread for every change.
  StatusWatch(const WinscardApi& api, std::string reader_name,
              std::function<void(bool present)> present);
  ~StatusWatch();  // stop()
  StatusWatch(const StatusWatch&) = delete;
  StatusWatch& operator=(const StatusWatch&) = delete;

  /// Reports the current state once (so the reader opens with the right card state), then
  /// joins the hub.
  void start();
  /// Leaves the hub; `present` is not called after this returns.
  void stop();

 private:
  const WinscardApi& api_;
  std::shared_ptr<WatchedReader> reader_;
  std::shared_ptr<StatusHub> hub_;
};

}  // namespace readerkit::pcsc::detail
