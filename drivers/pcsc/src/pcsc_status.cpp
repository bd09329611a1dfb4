// SPDX-License-Identifier: MIT
#include "pcsc_status.hpp"

#include <algorithm>
#include <array>

#include "winscard_api.hpp"

namespace readerkit::pcsc {
namespace {

struct ResultRow {
  LONG rv;
  std::string_view name;
  Status status;
};

// A card or reader that is gone, or a resource manager that stopped, is "no card" to the
// library: the device reports the card removed and every request ends in NO_MEDIA.
constexpr std::array kResults{
    ResultRow{SCARD_S_SUCCESS, "SCARD_S_SUCCESS", Status::SUCCESS},
    ResultRow{SCARD_E_CANCELLED, "SCARD_E_CANCELLED", Status::CANCELLED},
    ResultRow{SCARD_E_TIMEOUT, "SCARD_E_TIMEOUT", Status::IO_TIMEOUT},
    ResultRow{SCARD_W_UNRESPONSIVE_CARD, "SCARD_W_UNRESPONSIVE_CARD", Status::IO_TIMEOUT},
    ResultRow{SCARD_E_NO_SMARTCARD, "SCARD_E_NO_SMARTCARD", Status::NO_MEDIA},
    ResultRow{SCARD_W_REMOVED_CARD, "SCARD_W_REMOVED_CARD", Status::NO_MEDIA},
    ResultRow{SCARD_E_READER_UNAVAILABLE, "SCARD_E_READER_UNAVAILABLE", Status::NO_MEDIA},
    ResultRow{SCARD_E_UNKNOWN_READER, "SCARD_E_UNKNOWN_READER", Status::NO_MEDIA},
    ResultRow{SCARD_E_NO_READERS_AVAILABLE, "SCARD_E_NO_READERS_AVAILABLE", Status::NO_MEDIA},
    ResultRow{SCARD_E_NO_SERVICE, "SCARD_E_NO_SERVICE", Status::NO_MEDIA},
    ResultRow{SCARD_E_SERVICE_STOPPED, "SCARD_E_SERVICE_STOPPED", Status::NO_MEDIA},
    ResultRow{SCARD_W_UNSUPPORTED_CARD, "SCARD_W_UNSUPPORTED_CARD", Status::UNRECOGNIZED_MEDIA},
    ResultRow{SCARD_E_CARD_UNSUPPORTED, "SCARD_E_CARD_UNSUPPORTED", Status::UNRECOGNIZED_MEDIA},
    ResultRow{SCARD_E_INVALID_ATR, "SCARD_E_INVALID_ATR", Status::UNRECOGNIZED_MEDIA},
    ResultRow{SCARD_W_UNPOWERED_CARD, "SCARD_W_UNPOWERED_CARD", Status::INVALID_DEVICE_STATE},
    ResultRow{SCARD_W_RESET_CARD, "SCARD_W_RESET_CARD", Status::INVALID_DEVICE_STATE},
    ResultRow{SCARD_E_INVALID_HANDLE, "SCARD_E_INVALID_HANDLE", Status::INVALID_DEVICE_STATE},
    ResultRow{SCARD_E_SHARING_VIOLATION, "SCARD_E_SHARING_VIOLATION", Status::DEVICE_BUSY},
    ResultRow{SCARD_E_NOT_READY, "SCARD_E_NOT_READY", Status::DEVICE_BUSY},
    ResultRow{SCARD_E_SERVER_TOO_BUSY, "SCARD_E_SERVER_TOO_BUSY", Status::DEVICE_BUSY},
    ResultRow{SCARD_E_PROTO_MISMATCH, "SCARD_E_PROTO_MISMATCH", Status::NOT_SUPPORTED},
    ResultRow{SCARD_E_UNSUPPORTED_FEATURE, "SCARD_E_UNSUPPORTED_FEATURE", Status::NOT_SUPPORTED},
    ResultRow{SCARD_E_READER_UNSUPPORTED, "SCARD_E_READER_UNSUPPORTED", Status::NOT_SUPPORTED},
    ResultRow{SCARD_E_INSUFFICIENT_BUFFER, "SCARD_E_INSUFFICIENT_BUFFER", Status::BUFFER_TOO_SMALL},
    ResultRow{SCARD_E_PCI_TOO_SMALL, "SCARD_E_PCI_TOO_SMALL", Status::BUFFER_TOO_SMALL},
    ResultRow{SCARD_E_INVALID_PARAMETER, "SCARD_E_INVALID_PARAMETER", Status::INVALID_PARAMETER},
    ResultRow{SCARD_E_INVALID_VALUE, "SCARD_E_INVALID_VALUE", Status::INVALID_PARAMETER},
    ResultRow{SCARD_E_NO_MEMORY, "SCARD_E_NO_MEMORY", Status::INSUFFICIENT_RESOURCES},
    ResultRow{SCARD_E_NOT_TRANSACTED, "SCARD_E_NOT_TRANSACTED", Status::DEVICE_PROTOCOL_ERROR},
    ResultRow{SCARD_E_COMM_DATA_LOST, "SCARD_E_COMM_DATA_LOST", Status::DEVICE_PROTOCOL_ERROR},
    ResultRow{SCARD_F_COMM_ERROR, "SCARD_F_COMM_ERROR", Status::DEVICE_PROTOCOL_ERROR},
    ResultRow{SCARD_F_INTERNAL_ERROR, "SCARD_F_INTERNAL_ERROR", Status::DEVICE_PROTOCOL_ERROR},
    ResultRow{SCARD_F_UNKNOWN_ERROR, "SCARD_F_UNKNOWN_ERROR", Status::DEVICE_PROTOCOL_ERROR},
};

const ResultRow* find(std::int64_t rv) {
  auto it = std::find_if(kResults.begin(), kResults.end(),
                         [&](const ResultRow& r) { return r.rv == rv; });
  return it == kResults.end() ? nullptr : &*it;
}

}  // namespace

Status status_from_pcsc(std::int64_t rv) {
  const ResultRow* row = find(rv);
  return row ? row->status : Status::DEVICE_PROTOCOL_ERROR;
}

std::string_view pcsc_result_name(std::int64_t rv) {
  const ResultRow* row = find(rv);
  return row ? row->name : std::string_view{};
}

}  // namespace readerkit::pcsc
