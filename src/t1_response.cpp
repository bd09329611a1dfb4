// SPDX-License-Identifier: MIT
// Where the T=1 engine assembles the card's answer: in place in the caller's output when it
// fits (one copy per byte: block → output), else in ProtocolState (docs/performance.md).
#include <cstring>

#include "readerkit/t1.hpp"

namespace readerkit {

void T1Engine::clear_response() {
  t1_.response.clear();
  t1_.response_length = 0;
  t1_.response_spilled = direct_.empty();
}

void T1Engine::append_response(std::span<const std::byte> inf) {
  const std::size_t at = t1_.response_length;
  t1_.response_length += inf.size();
  if (!t1_.response_spilled && t1_.response_length <= direct_.size()) {
    if (!inf.empty()) std::memcpy(direct_.data() + at, inf.data(), inf.size());
    return;
  }
  if (!t1_.response_spilled) {  // the caller's span is full: move what it holds
    t1_.response.assign(direct_.begin(), direct_.begin() + static_cast<std::ptrdiff_t>(at));
    t1_.response_spilled = true;
  }
  t1_.response.insert(t1_.response.end(), inf.begin(), inf.end());
}

std::span<const std::byte> T1Engine::response() const {
  if (t1_.response_spilled) return t1_.response;
  return {direct_.data(), t1_.response_length};
}

}  // namespace readerkit
