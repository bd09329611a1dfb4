// SPDX-License-Identifier: MIT
// The ISO/IEC 7816-4 file system application of the simulated card: SELECT by FID, path and
// DF name, READ/UPDATE BINARY, READ RECORD, GET CHALLENGE, VERIFY and CHANGE REFERENCE DATA with a
// retry counter. GET RESPONSE belongs to the T=0 transport (card/t0_card.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <random>

#include "card/application.hpp"
#include "card/file_tree.hpp"

namespace readerkit::sim::card {

/// File system commands over a FileTree (CLA 0x00, inter-industry).
class FileSystemApp : public Application {
 public:
  explicit FileSystemApp(FileTree tree);

  ResponseApdu process(const CommandApdu& command) override;
  DataDirection direction(std::uint8_t ins) const override;
  /// Reset: back to the MF, PIN no longer verified (the retry counter is non-volatile).
  void reset() override;

 private:
  // filesystem_select.cpp
  ResponseApdu select(const CommandApdu& c);
  std::optional<std::size_t> resolve(const CommandApdu& c) const;
  Bytes fcp(std::size_t file) const;
  // filesystem_app.cpp
  ResponseApdu read_binary(const CommandApdu& c) const;
  ResponseApdu update_binary(const CommandApdu& c);
  ResponseApdu read_record(const CommandApdu& c) const;
  ResponseApdu get_challenge(const CommandApdu& c);
  ResponseApdu verify(const CommandApdu& c);
  ResponseApdu change_reference_data(const CommandApdu& c);
  std::optional<std::uint16_t> pin_refusal(const CommandApdu& c) const;
  std::uint16_t check_pin(bool right);
  const FileNode* current_ef(FileKind kind, std::uint16_t& sw) const;

  FileTree tree_;
  std::size_t current_df_ = 0;
  std::optional<std::size_t> current_ef_;
  std::uint8_t retries_left_;
  bool verified_ = false;
  std::mt19937 rng_;
  Bytes scratch_;  // the answer of the last command that builds one (FCP, challenge)
};

}  // namespace readerkit::sim::card
