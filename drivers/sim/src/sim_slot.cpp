// SPDX-License-Identifier: MIT
#include "sim_slot.hpp"

#include "card/sim_card.hpp"

namespace readerkit::sim {

SimSlot::SimSlot(ReaderCapabilities reader, const DeviceConfig& config, Log log,
                 const std::optional<PinPadConfig>& pinpad)
    : keypad_(pinpad ? std::make_unique<Keypad>(*pinpad) : nullptr),
      driver_(
          line_, faults_,
          [this] {
            line_.remove();
            device_->card_removed();
          },
          std::move(log), keypad_.get()) {
  if (pinpad) reader.pin_pad = pinpad->properties();
  device_ = std::make_unique<Device>(driver_.callbacks(), reader, config);
}

SimSlot::~SimSlot() {
  if (keypad_) keypad_->interrupt();  // a PIN entry in progress ends before shutdown waits
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
  if (keypad_) keypad_->interrupt();  // a PIN entry for the card that went ends now
  line_.remove();
  device_->card_removed();
  return {true, ""};
}

}  // namespace readerkit::sim
