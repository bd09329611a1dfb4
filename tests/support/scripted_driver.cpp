// SPDX-License-Identifier: MIT
// ScriptedDriver implementation (see scripted_driver.hpp).
#include "scripted_driver.hpp"

#include <algorithm>

#include "readerkit/card.hpp"
#include "readerkit/io_request.hpp"

namespace readerkit::test {
namespace {

Bytes bytes(std::initializer_list<std::uint8_t> list) {
  Bytes out;
  for (auto b : list) out.push_back(static_cast<std::byte>(b));
  return out;
}

/// Copies `data` into the reply when it fits; BUFFER_TOO_SMALL otherwise.
Status answer(CallbackParams& p, std::span<const std::byte> data, Status status) {
  if (data.size() > p.reply.size()) return Status::BUFFER_TOO_SMALL;
  std::copy(data.begin(), data.end(), p.reply.begin());
  *p.bytes_returned = data.size();
  return status;
}

}  // namespace

Bytes atr_t0_t1() {
  return bytes({0x3B, 0x80, 0x80, 0x01, 0x01});
}
Bytes atr_t0_only() {
  return bytes({0x3B, 0x02, 0x14, 0x50});
}
Bytes atr_specific_t1() {
  return bytes({0x3B, 0x80, 0x11, 0x01, 0x90});
}
Bytes atr_garbage() {
  return bytes({0x00, 0x11, 0x22});
}

Bytes ulong_buffer(std::uint32_t v) {
  return le32_bytes(v);
}

Bytes io_request(std::uint32_t protocol, std::initializer_list<std::uint8_t> data) {
  Bytes bytes;
  for (auto b : data) bytes.push_back(static_cast<std::byte>(b));
  return transmit_request(protocol, bytes);
}

ScriptedDriver::ScriptedDriver() : atr(atr_t0_t1()), scripts_(RDF_SLOT_COUNT) {}

CallbackTable ScriptedDriver::table(std::initializer_list<Rdf> without) {
  CallbackTable t;
  for (std::size_t i = 0; i < RDF_SLOT_COUNT; ++i) {
    const auto slot = static_cast<Rdf>(i);
    if (slot == Rdf::RDF_DEBUG_LEVEL || slot == Rdf::RDF_ATR_PARSE || slot > Rdf::RDF_PIN_ENTRY)
      continue;
    if (std::find(without.begin(), without.end(), slot) != without.end()) continue;
    t[slot] = [this, slot](CallbackParams& p) { return run(slot, p); };
  }
  return t;
}

void ScriptedDriver::script(Rdf slot, Step step) {
  std::lock_guard lock(mutex_);
  scripts_[static_cast<std::size_t>(slot)].push_back(std::move(step));
}

std::vector<RecordedCall> ScriptedDriver::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::vector<RecordedCall> ScriptedDriver::calls(Rdf slot) const {
  std::vector<RecordedCall> out;
  for (auto& c : calls()) {
    if (c.slot == slot) out.push_back(c);
  }
  return out;
}

Status ScriptedDriver::run(Rdf slot, CallbackParams& p) {
  const int now = ++running_;
  int seen = max_concurrent_.load();
  while (now > seen && !max_concurrent_.compare_exchange_weak(seen, now)) {
  }
  std::optional<Step> step;
  {
    std::lock_guard lock(mutex_);
    calls_.push_back({slot, p.major_code, p.minor_code, Bytes(p.request.begin(), p.request.end()),
                      p.reply.size(), p.card->pps, p.card->protocol_selected, p.secret});
    auto& queue = scripts_[static_cast<std::size_t>(slot)];
    if (!queue.empty()) {
      step = std::move(queue.front());
      queue.pop_front();
    }
  }
  if (during_callback) during_callback();
  Status s;
  if (step) {
    if (step->action) step->action(p);
    s = step->reply.empty() ? step->status : answer(p, step->reply, step->status);
  } else {
    s = default_answer(slot, p);
  }
  --running_;
  return s;
}

Status ScriptedDriver::default_answer(Rdf slot, CallbackParams& p) {
  switch (slot) {
    case Rdf::RDF_CARD_POWER:
      if (p.minor_code == static_cast<std::uint32_t>(PowerAction::SCARD_POWER_DOWN))
        return Status::SUCCESS;
      p.card->atr = atr;
      return answer(p, atr, Status::SUCCESS);
    case Rdf::RDF_TRANSMIT: {
      Bytes out = io_request(p.card->protocol_selected, {});
      out.insert(out.end(), response.begin(), response.end());
      return answer(p, out, Status::SUCCESS);
    }
    case Rdf::RDF_CARD_TRACKING:
      return Status::PENDING;
    case Rdf::RDF_IOCTL_VENDOR:
      return answer(p, p.request, Status::SUCCESS);  // echo
    default:
      return Status::SUCCESS;
  }
}

}  // namespace readerkit::test
