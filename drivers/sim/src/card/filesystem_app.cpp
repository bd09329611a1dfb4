// SPDX-License-Identifier: MIT
#include "card/filesystem_app.hpp"

#include <algorithm>
#include <span>

namespace readerkit::sim::card {

FileSystemApp::FileSystemApp(FileTree tree)
    : tree_(std::move(tree)), retries_left_(tree_.pin.retries), rng_(std::random_device{}()) {}

void FileSystemApp::reset() {
  current_df_ = 0;
  current_ef_.reset();
  verified_ = false;
}

DataDirection FileSystemApp::direction(std::uint8_t ins) const {
  switch (ins) {
    case 0xA4:
    case 0xD6:
    case 0x20:
    case 0x24:
      return DataDirection::to_card;
    case 0xB0:
    case 0xB2:
    case 0x84:
      return DataDirection::from_card;
    default:
      return DataDirection::none;
  }
}

ResponseApdu FileSystemApp::process(const CommandApdu& c) {
  if ((c.cla & 0x80) != 0) return status_only(SW_CLA_NOT_SUPPORTED);
  switch (c.ins) {
    case 0xA4:
      return select(c);
    case 0xB0:
      return read_binary(c);
    case 0xD6:
      return update_binary(c);
    case 0xB2:
      return read_record(c);
    case 0x84:
      return get_challenge(c);
    case 0x20:
      return verify(c);
    case 0x24:
      return change_reference_data(c);
    default:
      return status_only(SW_INS_NOT_SUPPORTED);
  }
}

// The selected EF when it has the expected structure; else the status explaining why not.
const FileNode* FileSystemApp::current_ef(FileKind kind, std::uint16_t& sw) const {
  if (!current_ef_) {
    sw = SW_COMMAND_NOT_ALLOWED;
    return nullptr;
  }
  const FileNode& f = tree_.files[*current_ef_];
  if (f.kind != kind) {
    sw = 0x6981;
    return nullptr;
  }  // incompatible file structure
  return &f;
}

// READ BINARY (§11.3.3) with a 15-bit offset in P1P2 (the SFI form of P1 is not offered).
ResponseApdu FileSystemApp::read_binary(const CommandApdu& c) const {
  if ((c.p1 & 0x80) != 0) return status_only(SW_FUNCTION_NOT_SUPPORTED);
  if (!c.le) return status_only(SW_WRONG_LENGTH);
  std::uint16_t sw = SW_OK;
  const FileNode* f = current_ef(FileKind::transparent, sw);
  if (!f) return status_only(sw);
  const std::size_t offset = c.p1p2();
  if (offset > f->data.size()) return status_only(SW_WRONG_OFFSET);
  const std::size_t n = std::min(c.ne(), f->data.size() - offset);
  ResponseApdu r{std::span<const std::byte>(f->data).subspan(offset, n), SW_OK, 0};
  if (n < c.ne() && *c.le != 0) r.sw = SW_END_OF_FILE;
  return r;
}

ResponseApdu FileSystemApp::update_binary(const CommandApdu& c) {
  if ((c.p1 & 0x80) != 0) return status_only(SW_FUNCTION_NOT_SUPPORTED);
  if (c.data.empty()) return status_only(SW_WRONG_LENGTH);
  std::uint16_t sw = SW_OK;
  if (!current_ef(FileKind::transparent, sw)) return status_only(sw);
  FileNode& f = tree_.files[*current_ef_];
  if (f.update_needs_pin && !verified_) return status_only(SW_SECURITY_NOT_SATISFIED);
  const std::size_t offset = c.p1p2();
  if (offset > f.data.size()) return status_only(SW_WRONG_OFFSET);
  if (offset + c.data.size() > f.data.size()) return status_only(SW_WRONG_LENGTH);
  std::copy(c.data.begin(), c.data.end(), f.data.begin() + static_cast<std::ptrdiff_t>(offset));
  return status_only(SW_OK);
}

// READ RECORD (§11.3.5): P1 = record number, P2 = 04 (that record of the current EF).
ResponseApdu FileSystemApp::read_record(const CommandApdu& c) const {
  if (c.p2 != 0x04) return status_only(SW_WRONG_P1P2);
  if (!c.le) return status_only(SW_WRONG_LENGTH);
  std::uint16_t sw = SW_OK;
  const FileNode* f = current_ef(FileKind::linear, sw);
  if (!f) return status_only(sw);
  if (c.p1 == 0 || c.p1 > f->records.size()) return status_only(SW_RECORD_NOT_FOUND);
  const Bytes& record = f->records[c.p1 - 1u];
  if (*c.le != 0 && c.ne() != record.size()) {
    return status_only(static_cast<std::uint16_t>(0x6C00 | (record.size() & 0xFF)));
  }
  return ResponseApdu{record, SW_OK, 0};
}

ResponseApdu FileSystemApp::get_challenge(const CommandApdu& c) {
  if (c.p1 != 0 || c.p2 != 0) return status_only(SW_WRONG_P1P2);
  if (!c.le || !c.data.empty()) return status_only(SW_WRONG_LENGTH);
  scratch_.resize(c.ne());
  for (std::byte& b : scratch_) b = static_cast<std::byte>(rng_() & 0xFF);
  return ResponseApdu{scratch_, SW_OK, 0};
}

namespace {

// A PIN block padded with FF (as PIV cards and PIN pads with fixed blocks send it) stands for
// the PIN before the padding.
std::span<const std::byte> unpadded(std::span<const std::byte> block) {
  while (!block.empty() && block.back() == std::byte{0xFF}) block = block.first(block.size() - 1);
  return block;
}

bool same(std::span<const std::byte> a, std::span<const std::byte> b) {
  return std::ranges::equal(a, b);
}

}  // namespace

// The PIN checks VERIFY and CHANGE REFERENCE DATA share: the reference, the blocked state.
std::optional<std::uint16_t> FileSystemApp::pin_refusal(const CommandApdu& c) const {
  if (c.p2 != tree_.pin.reference) return SW_REFERENCED_DATA_NOT_FOUND;
  if (retries_left_ == 0) return SW_PIN_BLOCKED;
  return std::nullopt;
}

// A presented PIN: right resets the retry counter, wrong spends a try (63Cx, x tries left).
std::uint16_t FileSystemApp::check_pin(bool right) {
  verified_ = right;
  if (right) {
    retries_left_ = tree_.pin.retries;
    return SW_OK;
  }
  --retries_left_;
  return static_cast<std::uint16_t>(0x63C0 | retries_left_);
}

// VERIFY (§11.5.6): empty data asks for the retry counter; a wrong PIN answers 63Cx with the
// tries left; a blocked PIN answers 6983.
ResponseApdu FileSystemApp::verify(const CommandApdu& c) {
  if (c.p1 != 0x00) return status_only(SW_WRONG_P1P2);
  if (auto refused = pin_refusal(c)) return status_only(*refused);
  const auto tries = static_cast<std::uint16_t>(0x63C0 | retries_left_);
  if (c.data.empty()) return status_only(verified_ ? static_cast<std::uint16_t>(SW_OK) : tries);
  return status_only(check_pin(same(unpadded(c.data), tree_.pin.value)));
}

// CHANGE REFERENCE DATA (§11.5.7), P1 00: the current PIN then the new one, either as two
// blocks of equal size (FF padding allowed) or the current PIN exactly followed by the new.
// The new PIN lives in this card (a card made anew from the profile has the profile's); a wrong
// current PIN spends a try.
ResponseApdu FileSystemApp::change_reference_data(const CommandApdu& c) {
  if (c.p1 != 0x00) return status_only(SW_WRONG_P1P2);
  if (auto refused = pin_refusal(c)) return status_only(*refused);
  const std::span<const std::byte> data = c.data;
  const Bytes& pin = tree_.pin.value;
  std::span<const std::byte> new_pin;
  const std::size_t half = data.size() / 2;
  if (data.size() % 2 == 0 && same(unpadded(data.first(half)), pin)) {
    new_pin = unpadded(data.subspan(half));
  } else if (data.size() > pin.size() && same(data.first(pin.size()), pin)) {
    new_pin = data.subspan(pin.size());
  } else {
    return status_only(check_pin(false));
  }
  if (new_pin.empty()) return status_only(SW_WRONG_DATA);
  tree_.pin.value.assign(new_pin.begin(), new_pin.end());
  return status_only(check_pin(true));
}

}  // namespace readerkit::sim::card
