// SPDX-License-Identifier: MIT
// The status table of docs/contract/ioctl.md §7: NTSTATUS, name, Win32 error and pcsc-lite IFD
// handler code in one place, so the mappings cannot drift apart.
#include "readerkit/status.hpp"

#include <array>

#include "detail/text.hpp"

namespace readerkit {
namespace {

/// One row of §7. `ifd` is negative where the contract has no IFD code.
struct StatusRow {
  Status status;
  std::string_view name;
  std::uint32_t win32;
  long ifd;
};

// pcsc-lite ifdhandler.h response codes used below.
constexpr long IFD_SUCCESS = 0;
constexpr long IFD_ERROR_POWER_ACTION = 608;
constexpr long IFD_COMMUNICATION_ERROR = 612;
constexpr long IFD_ERROR_NOT_SUPPORTED = 606;
constexpr long IFD_RESPONSE_TIMEOUT = 613;
constexpr long IFD_NOT_SUPPORTED = 614;
constexpr long IFD_ICC_NOT_PRESENT = 616;
constexpr long IFD_NO_SUCH_DEVICE = 617;
constexpr long IFD_ERROR_INSUFFICIENT_BUFFER = 618;
constexpr long NONE = -1;

// MORE_PROCESSING_REQUIRED has no Win32 code in the contract (it never leaves the library);
// Windows maps it to ERROR_MORE_DATA (234) and so do we.
constexpr std::array<StatusRow, 17> kStatuses{{
    {Status::SUCCESS, "STATUS_SUCCESS", 0, IFD_SUCCESS},
    {Status::PENDING, "STATUS_PENDING", 997, NONE},
    {Status::BUFFER_OVERFLOW, "STATUS_BUFFER_OVERFLOW", 234, NONE},
    {Status::DEVICE_BUSY, "STATUS_DEVICE_BUSY", 170, IFD_COMMUNICATION_ERROR},
    {Status::INVALID_PARAMETER, "STATUS_INVALID_PARAMETER", 87, IFD_COMMUNICATION_ERROR},
    {Status::INVALID_DEVICE_REQUEST, "STATUS_INVALID_DEVICE_REQUEST", 1, IFD_ERROR_NOT_SUPPORTED},
    {Status::UNRECOGNIZED_MEDIA, "STATUS_UNRECOGNIZED_MEDIA", 1785, IFD_ERROR_POWER_ACTION},
    {Status::MORE_PROCESSING_REQUIRED, "STATUS_MORE_PROCESSING_REQUIRED", 234, NONE},
    {Status::BUFFER_TOO_SMALL, "STATUS_BUFFER_TOO_SMALL", 122, IFD_ERROR_INSUFFICIENT_BUFFER},
    {Status::DELETE_PENDING, "STATUS_DELETE_PENDING", 5, IFD_NO_SUCH_DEVICE},
    {Status::INSUFFICIENT_RESOURCES, "STATUS_INSUFFICIENT_RESOURCES", 1450,
     IFD_COMMUNICATION_ERROR},
    {Status::IO_TIMEOUT, "STATUS_IO_TIMEOUT", 121, IFD_RESPONSE_TIMEOUT},
    {Status::NOT_SUPPORTED, "STATUS_NOT_SUPPORTED", 50, IFD_NOT_SUPPORTED},
    {Status::CANCELLED, "STATUS_CANCELLED", 995, NONE},
    {Status::NO_MEDIA, "STATUS_NO_MEDIA", 21, IFD_ICC_NOT_PRESENT},
    {Status::INVALID_DEVICE_STATE, "STATUS_INVALID_DEVICE_STATE", 22, IFD_COMMUNICATION_ERROR},
    {Status::DEVICE_PROTOCOL_ERROR, "STATUS_DEVICE_PROTOCOL_ERROR", 1117, IFD_COMMUNICATION_ERROR},
}};

const StatusRow* find_row(Status s) {
  for (const auto& row : kStatuses) {
    if (row.status == s) return &row;
  }
  return nullptr;
}

}  // namespace

using detail::iequals;

std::string_view status_name(Status s) {
  const StatusRow* row = find_row(s);
  return row ? row->name : std::string_view{"STATUS_UNKNOWN"};
}

std::optional<Status> status_from_name(std::string_view name) {
  constexpr std::string_view prefix = "STATUS_";
  for (const auto& row : kStatuses) {
    if (iequals(name, row.name) || iequals(name, row.name.substr(prefix.size()))) return row.status;
  }
  return std::nullopt;
}

std::optional<Status> status_from_ntstatus(std::uint32_t value) {
  for (const auto& row : kStatuses) {
    if (ntstatus(row.status) == value) return row.status;
  }
  return std::nullopt;
}

std::uint32_t win32_error(Status s) {
  const StatusRow* row = find_row(s);
  // ERROR_GEN_FAILURE (31) for a value outside the table, as Windows does for unmapped codes.
  return row ? row->win32 : 31u;
}

std::optional<long> ifd_response_code(Status s) {
  const StatusRow* row = find_row(s);
  if (!row) return IFD_COMMUNICATION_ERROR;
  if (row->ifd == NONE) return std::nullopt;
  return row->ifd;
}

}  // namespace readerkit
