// SPDX-License-Identifier: MIT
// PC_to_RDR_Secure (USB CCID rev 1.1 §6.1.11): a PIN pad reader's PIN verification or
// modification, built from the PC/SC part 10 structure an application sent, and the reader's
// answer turned into what FEATURE_VERIFY/MODIFY_PIN_DIRECT returns (docs/pinpad.md "CCID").
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "readerkit/bytes.hpp"
#include "readerkit/ccid/message.hpp"
#include "readerkit/result.hpp"

namespace readerkit::ccid {

/// bPINOperation.
enum class PinOperation : std::uint8_t { verify = 0x00, modify = 0x01 };

/// PC_to_RDR_Secure carrying bPINOperation then abPINDataStructure: the part 10 fields in CCID
/// order, which drops bTimerOut2 and ulDataLength (the APDU runs to the end of the message).
/// bBWI and wLevelParameter are 0 (the command fits one message). nullopt when the structure
/// is malformed (readerkit/pinpad.hpp's parsers): the answer is then 6B 80 without the reader.
std::optional<Command> secure(std::uint8_t slot, PinOperation op,
                              std::span<const std::byte> part10_structure);

/// The answer to a PC_to_RDR_Secure: the card's response of a processed command; 64 00 for
/// bError PIN_TIMEOUT, 64 01 for PIN_CANCELLED, 6B 80 for a bad-parameter index (1..127: the
/// reader refused a field of the structure); any other failure as the status of its bError.
Result<Bytes> secure_answer(const Response& response);

}  // namespace readerkit::ccid
