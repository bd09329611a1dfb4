// SPDX-License-Identifier: MIT
// PC/SC results (SCARD_S_SUCCESS, SCARD_E_*, SCARD_W_*, SCARD_F_*) as ReaderKit statuses: one
// table (docs/pcsc.md "Statuses").
#pragma once

#include <cstdint>
#include <string_view>

#include "readerkit/status.hpp"

namespace readerkit::pcsc {

/// The status a PC/SC result becomes; DEVICE_PROTOCOL_ERROR for a code the table lacks.
Status status_from_pcsc(std::int64_t rv);

/// "SCARD_E_NO_SMARTCARD" etc. for the codes of the table, "" for others.
std::string_view pcsc_result_name(std::int64_t rv);

}  // namespace readerkit::pcsc
