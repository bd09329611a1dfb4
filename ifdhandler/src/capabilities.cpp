// SPDX-License-Identifier: MIT
#include "capabilities.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "card_events.hpp"
#include "ifd_codes.hpp"
#include "readerkit/attribute.hpp"
#include "readerkit/ioctl.hpp"

namespace readerkit::ifd {
namespace {

using TagAnswer = Bytes (*)(const Slot&);

struct TagRow {
  DWORD tag;
  TagAnswer answer;
};

Bytes one_byte(std::size_t v) { return Bytes{static_cast<std::byte>(v)}; }

template <class Fn>
Bytes pointer_bytes(Fn fn) {
  Bytes out(sizeof fn);
  std::memcpy(out.data(), &fn, sizeof fn);
  return out;
}

// The handler's own tags. Truthful answers: every slot is its own Device (thread-safe,
// callbacks serialised per device), so slots and readers may be used in parallel.
constexpr std::array kTags{
    TagRow{TAG_IFD_SLOTS_NUMBER, [](const Slot& s) { return one_byte(s.entry->reader->slot_count()); }},
    TagRow{TAG_IFD_SLOT_THREAD_SAFE, [](const Slot&) { return one_byte(1); }},
    TagRow{TAG_IFD_THREAD_SAFE, [](const Slot&) { return one_byte(1); }},
    TagRow{TAG_IFD_SIMULTANEOUS_ACCESS, [](const Slot&) { return one_byte(kMaxReaders); }},
    // Not killable with pthread_cancel: pcscd must use the stop function below.
    TagRow{TAG_IFD_POLLING_THREAD_KILLABLE, [](const Slot&) { return one_byte(0); }},
    TagRow{TAG_IFD_POLLING_THREAD_WITH_TIMEOUT,
           [](const Slot&) { return pointer_bytes(card_event_poll_function()); }},
    TagRow{TAG_IFD_STOP_POLLING_THREAD,
           [](const Slot&) { return pointer_bytes(card_event_stop_function()); }},
};

const TagRow* find_tag(DWORD tag) {
  for (const auto& row : kTags) {
    if (row.tag == tag) return &row;
  }
  return nullptr;
}

// PC/SC attribute ids carry a class in the high word; the handler tags and TAG_IFD_ATR do not.
bool is_attribute(DWORD tag) { return (tag >> 16) != 0; }

}  // namespace

RESPONSECODE get_capability(const Slot& slot, DWORD tag, std::span<std::byte> value,
                            std::size_t& length) {
  length = 0;
  if (const TagRow* row = find_tag(tag)) {
    const Bytes answer = row->answer(slot);
    if (answer.size() > value.size()) return IFD_ERROR_INSUFFICIENT_BUFFER;
    std::copy(answer.begin(), answer.end(), value.begin());
    length = answer.size();
    return IFD_SUCCESS;
  }
  const DWORD id = tag == TAG_IFD_ATR ? SCARD_ATTR_ATR_STRING : tag;
  if (!is_attribute(id)) return IFD_ERROR_TAG;
  const Bytes request = le32_bytes(static_cast<std::uint32_t>(id));
  const IoResult r = slot.device->control(IOCTL_SMARTCARD_GET_ATTRIBUTE, request, value);
  if (r.status != Status::SUCCESS) return to_ifd_code(IfdFunction::get_capabilities, r.status);
  length = r.information;
  return IFD_SUCCESS;
}

RESPONSECODE set_capability(const Slot& slot, DWORD tag, std::span<const std::byte> value) {
  if (find_tag(tag) != nullptr || tag == TAG_IFD_ATR) return IFD_ERROR_VALUE_READ_ONLY;
  if (!is_attribute(tag)) return IFD_ERROR_TAG;
  Bytes request = le32_bytes(static_cast<std::uint32_t>(tag));
  request.insert(request.end(), value.begin(), value.end());
  const IoResult r = slot.device->control(IOCTL_SMARTCARD_SET_ATTRIBUTE, request, {});
  // An attribute the library knows but does not let anyone set is read-only, not unknown.
  if (r.status == Status::NOT_SUPPORTED && !attribute_name(static_cast<std::uint32_t>(tag)).empty()) {
    return IFD_ERROR_VALUE_READ_ONLY;
  }
  return r.status == Status::SUCCESS ? IFD_SUCCESS
                                     : to_ifd_code(IfdFunction::set_capabilities, r.status);
}

}  // namespace readerkit::ifd
