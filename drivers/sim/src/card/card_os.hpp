// SPDX-License-Identifier: MIT
// The simulated card's operating system: routes command APDUs to its applications.
// readertest is always present and selected after every reset; the file system is present
// when the profile gives one.
#pragma once

#include <memory>

#include "card/filesystem_app.hpp"
#include "card/readertest_app.hpp"

namespace readerkit::sim::card {

/// Application selection and routing (ISO/IEC 7816-4 §7.2 SELECT by DF name).
class CardOs {
 public:
  CardOs(ReadertestApp readertest, std::unique_ptr<FileSystemApp> filesystem);

  /// Handles one command APDU with the currently selected application.
  ResponseApdu process(const CommandApdu& command);
  /// The data direction of an instruction for the selected application (T=0 needs it).
  DataDirection direction(std::uint8_t cla, std::uint8_t ins) const;
  /// Card reset: every application forgets volatile state; readertest is selected.
  void reset();

 private:
  Application& current() { return *current_; }

  ReadertestApp readertest_;
  std::unique_ptr<FileSystemApp> filesystem_;
  Application* current_;
};

}  // namespace readerkit::sim::card
