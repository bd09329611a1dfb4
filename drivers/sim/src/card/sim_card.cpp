// SPDX-License-Identifier: MIT
#include "card/sim_card.hpp"

#include "card/atr_builder.hpp"
#include "card/t0_card.hpp"
#include "card/t1_card.hpp"
#include "readerkit/inverse.hpp"

namespace readerkit::sim::card {
namespace {

std::unique_ptr<FileSystemApp> make_filesystem(const Profile& p) {
  if (!p.filesystem) return nullptr;
  return std::make_unique<FileSystemApp>(*p.filesystem);
}

}  // namespace

SimCard::SimCard(Profile profile, FaultState& faults)
    : profile_(std::move(profile)),
      faults_(faults),
      os_(ReadertestApp(profile_.unit_ms, profile_.extended), make_filesystem(profile_)) {}

Bytes SimCard::to_line(Bytes logical) const {
  if (profile_.convention == Convention::inverse) invert_bytes(logical);
  return logical;
}

Bytes SimCard::reset() {
  replies_.clear();
  engine_.reset();
  pps_.reset();
  os_.reset();
  if (faults_.get().atr_garbage) {
    phase_ = Phase::silent;
    return garbage_atr();
  }
  phase_ = profile_.specific ? Phase::protocol : Phase::pps_window;
  if (profile_.specific) start_protocol(profile_.specific->protocol);
  return to_line(build_atr(profile_));
}

void SimCard::power_down() {
  phase_ = Phase::off;
  replies_.clear();
  engine_.reset();
  pps_.reset();
}

void SimCard::start_protocol(std::uint8_t t) {
  if (t == 1)
    engine_ = std::make_unique<T1Card>(os_, profile_, faults_);
  else
    engine_ = std::make_unique<T0Card>(os_, profile_, faults_);
  phase_ = Phase::protocol;
}

// Right after the ATR a PPSS (FF) opens PPS (§9.1); any other byte starts the first offered
// protocol with default parameters. A refused PPS leaves the card waiting for a reset.
void SimCard::receive(std::span<const std::byte> line_bytes) {
  if (phase_ == Phase::off || phase_ == Phase::silent || faults_.get().mute) return;
  std::span<const std::byte> rest = line_bytes;
  if (profile_.convention == Convention::inverse) {
    logical_.assign(line_bytes.begin(), line_bytes.end());
    invert_bytes(logical_);
    rest = logical_;
  }
  if (phase_ == Phase::pps_window && !rest.empty()) {
    if (rest[0] == std::byte{0xFF}) {
      pps_ = std::make_unique<PpsResponder>(profile_, faults_);
      phase_ = Phase::pps;
    } else {
      start_protocol(profile_.protocols.front());
    }
  }
  if (phase_ == Phase::pps) {
    rest = rest.subspan(pps_->receive(rest, replies_));
    if (!pps_->done()) return;
    if (!pps_->outcome()) {
      phase_ = Phase::silent;
      return;
    }
    start_protocol(pps_->outcome()->protocol);
  }
  if (!rest.empty()) engine_->receive(rest, replies_);
}

// The taken reply's buffer and the queue slot's trade places, so neither side allocates.
bool SimCard::next_reply(Reply& out) {
  if (replies_.empty()) return false;
  Reply& front = replies_.front();
  out.delay_ms = front.delay_ms;
  out.repeat = 1;
  if (front.repeat > 1) {
    out.bytes.assign(front.bytes.begin(), front.bytes.end());
    --front.repeat;
  } else {
    out.bytes.swap(front.bytes);
    replies_.pop_front();
  }
  if (profile_.convention == Convention::inverse) invert_bytes(out.bytes);
  return true;
}

}  // namespace readerkit::sim::card
