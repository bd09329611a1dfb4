// SPDX-License-Identifier: MIT
// A reader as a host (CLI, IFD handler) sees it: a driver instance owning one Device per slot.
#pragma once

#include <cstddef>
#include <string>

#include "readerkit/device.hpp"

namespace readerkit {

/// A driver instance with its slots. Hosts obtain one from a driver's factory and talk to each
/// slot's Device; destroying the Reader shuts its devices down.
class Reader {
 public:
  virtual ~Reader() = default;
  virtual std::size_t slot_count() const = 0;
  virtual Device& slot(std::size_t index) = 0;
  /// Human-readable description, e.g. "ReaderKit Simulated Reader (profile default)".
  virtual std::string description() const = 0;
};

}  // namespace readerkit
