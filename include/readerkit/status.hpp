// SPDX-License-Identifier: MIT
// Status codes: the NTSTATUS values of the IOCTL contract (docs/contract/ioctl.md §7), with their
// Win32 and pcsc-lite IFD handler mappings kept in one table (src/status.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace readerkit {

/// NTSTATUS values used by the dispatcher, spelled as in the Windows DDK without `STATUS_`.
enum class Status : std::uint32_t {
  SUCCESS = 0x00000000,
  PENDING = 0x00000103,
  BUFFER_OVERFLOW = 0x80000005,
  DEVICE_BUSY = 0x80000011,
  INVALID_PARAMETER = 0xC000000D,
  INVALID_DEVICE_REQUEST = 0xC0000010,
  UNRECOGNIZED_MEDIA = 0xC0000014,
  MORE_PROCESSING_REQUIRED = 0xC0000016,
  BUFFER_TOO_SMALL = 0xC0000023,
  DELETE_PENDING = 0xC0000056,
  INSUFFICIENT_RESOURCES = 0xC000009A,
  IO_TIMEOUT = 0xC00000B5,
  NOT_SUPPORTED = 0xC00000BB,
  CANCELLED = 0xC0000120,
  NO_MEDIA = 0xC0000178,
  INVALID_DEVICE_STATE = 0xC0000184,
  DEVICE_PROTOCOL_ERROR = 0xC0000186,
};

/// The numeric NTSTATUS value.
constexpr std::uint32_t ntstatus(Status s) { return static_cast<std::uint32_t>(s); }

/// True for warning and error statuses (high bit set), the ones recorded as last error.
constexpr bool is_failure(Status s) { return (ntstatus(s) & 0x80000000u) != 0; }

/// The printable name with the `STATUS_` prefix, e.g. "STATUS_NO_MEDIA".
std::string_view status_name(Status s);

/// Parses "STATUS_NO_MEDIA" (or "NO_MEDIA"); nullopt for an unknown name.
std::optional<Status> status_from_name(std::string_view name);

/// Looks up a Status by its NTSTATUS value; nullopt when the value is not in the table.
std::optional<Status> status_from_ntstatus(std::uint32_t value);

/// The Win32 error code Windows reports for this status (docs/contract/ioctl.md §7).
std::uint32_t win32_error(Status s);

/// The pcsc-lite IFD handler response code for this status; nullopt where the contract has
/// none (PENDING, BUFFER_OVERFLOW, MORE_PROCESSING_REQUIRED, CANCELLED).
std::optional<long> ifd_response_code(Status s);

}  // namespace readerkit
