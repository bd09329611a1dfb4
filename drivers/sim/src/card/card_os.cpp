// SPDX-License-Identifier: MIT
#include "card/card_os.hpp"

#include <algorithm>

namespace readerkit::sim::card {
namespace {

constexpr std::uint8_t kSelect = 0xA4;

bool is_readertest_aid(const CommandApdu& c) {
  return c.p1 == 0x04 && c.data.size() == kReadertestAid.size() &&
         std::equal(c.data.begin(), c.data.end(), kReadertestAid.begin(),
                    [](std::byte a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; });
}

}  // namespace

CardOs::CardOs(ReadertestApp readertest, std::unique_ptr<FileSystemApp> filesystem)
    : readertest_(std::move(readertest)),
      filesystem_(std::move(filesystem)),
      current_(&readertest_) {}

void CardOs::reset() {
  readertest_.reset();
  if (filesystem_) filesystem_->reset();
  current_ = &readertest_;
}

// SELECT is the card's, not an application's: it decides which application gets the rest.
ResponseApdu CardOs::process(const CommandApdu& c) {
  if (c.ins != kSelect || (c.cla & 0x80) != 0) return current().process(c);
  if (is_readertest_aid(c)) {
    current_ = &readertest_;
    return status_only(SW_OK);
  }
  if (!filesystem_) return status_only(SW_FILE_NOT_FOUND);
  ResponseApdu r = filesystem_->process(c);
  if (r.sw == SW_OK) current_ = filesystem_.get();
  return r;
}

DataDirection CardOs::direction(std::uint8_t cla, std::uint8_t ins) const {
  if (ins == kSelect && (cla & 0x80) == 0) return DataDirection::to_card;
  return current_->direction(ins);
}

}  // namespace readerkit::sim::card
