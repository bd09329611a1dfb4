// SPDX-License-Identifier: MIT
// A transmit held inside its callback, so a test can act on the device while a callback runs.
#pragma once

#include <future>

#include "device_helpers.hpp"

namespace readerkit::test {

/// Starts a T=1 TRANSMIT on its own thread whose RDF_TRANSMIT callback blocks until release();
/// the constructor returns once the callback is running. The device must be SPECIFIC (T=1).
class BlockedTransmit {
 public:
  explicit BlockedTransmit(ScriptedDevice& s);
  ~BlockedTransmit();
  BlockedTransmit(const BlockedTransmit&) = delete;
  BlockedTransmit& operator=(const BlockedTransmit&) = delete;

  /// Lets the callback return (idempotent).
  void release();
  /// Releases the callback and returns the transmit's status.
  Status result();

 private:
  std::promise<void> entered_;
  std::promise<void> release_;
  bool released_ = false;
  std::future<Status> transmit_;
};

}  // namespace readerkit::test
