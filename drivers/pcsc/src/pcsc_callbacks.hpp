// SPDX-License-Identifier: MIT
// The pcsc: reader's callback table: power, protocol, transmit at APDU level, tracking, and the
// vendor callback (attributes the library does not answer, vendor IOCTLs when allowed).
#pragma once

#include "card_connection.hpp"
#include "readerkit/driver.hpp"

namespace readerkit::pcsc::detail {

CallbackTable make_callbacks(CardConnection& connection, bool vendor_allowed);

}  // namespace readerkit::pcsc::detail
