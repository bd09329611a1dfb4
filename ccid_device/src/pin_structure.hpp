// SPDX-License-Identifier: MIT
// PC_to_RDR_Secure's abPINDataStructure (CCID rev 1.1 §6.1.11) back to the PC/SC part 10
// structure the library's FEATURE_VERIFY/MODIFY_PIN_DIRECT take: CCID's form lacks bTimerOut2
// and ulDataLength, and may leave out bMsgIndex2/3 of a modification.
#pragma once

#include <optional>
#include <span>

#include "readerkit/bytes.hpp"

namespace readerkit::ccid_device {

/// The part 10 PIN_VERIFY_STRUCTURE; nullopt when the CCID structure is too short.
std::optional<Bytes> part10_verify(std::span<const std::byte> ccid_structure);

/// The part 10 PIN_MODIFY_STRUCTURE. The number of message indexes (1 to 3) is the one that
/// leaves a well-formed APDU after bTeoPrologue (5 + Lc bytes); nullopt when none does.
std::optional<Bytes> part10_modify(std::span<const std::byte> ccid_structure);

}  // namespace readerkit::ccid_device
