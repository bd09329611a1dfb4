// SPDX-License-Identifier: MIT
#include "blocked_transmit.hpp"

namespace readerkit::test {

BlockedTransmit::BlockedTransmit(ScriptedDevice& s) {
  auto released = release_.get_future().share();
  s.driver.script(Rdf::RDF_TRANSMIT,
                  Step{Status::SUCCESS, io_request(SCARD_PROTOCOL_T1, {0x90, 0x00}),
                       [this, released](CallbackParams&) {
                         entered_.set_value();
                         released.wait();
                       }});
  Device& device = *s.device;
  transmit_ = std::async(std::launch::async, [&device] {
    return transmit(device, SCARD_PROTOCOL_T1, {0x00}).status;
  });
  entered_.get_future().wait();
}

BlockedTransmit::~BlockedTransmit() {
  release();
  if (transmit_.valid()) transmit_.wait();
}

void BlockedTransmit::release() {
  if (released_) return;
  released_ = true;
  release_.set_value();
}

Status BlockedTransmit::result() {
  release();
  return transmit_.get();
}

}  // namespace readerkit::test
