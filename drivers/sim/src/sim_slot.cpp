// SPDX-License-Identifier: MIT
#include "sim_slot.hpp"

#include "card/sim_card.hpp"

namespace readerkit::sim {

SimSlot::SimSlot(const ReaderCapabilities& reader, const DeviceConfig& config, Log log)
    : driver_(
          line_, faults_,
          [this] {
            line_.remove();
            device_->card_removed();
          },
          std::move(log)) {
  device_ = std::make_unique<Device>(driver_.callbacks(), reader, config);
}

SimSlot::~SimSlot() {
  device_->shutdown();
}

// The card goes into the slot first, then the library hears of it, as from an interrupt.
CommandReply SimSlot::insert(Profile profile) {
  if (line_.present()) return {false, "a card is already inserted"};
  faults_.arm(profile.faults);
  line_.insert(std::make_shared<card::SimCard>(std::move(profile), faults_));
  device_->card_inserted();
  return {true, ""};
}

CommandReply SimSlot::remove() {
  if (!line_.present()) return {false, "no card inserted"};
  line_.remove();
  device_->card_removed();
  return {true, ""};
}

}  // namespace readerkit::sim
