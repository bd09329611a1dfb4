// SPDX-License-Identifier: MIT
#include "ifd_codes.hpp"

#include <array>

namespace readerkit::ifd {
namespace {

struct Override {
  IfdFunction function;
  Status status;
  RESPONSECODE code;
};

// Where an entry point needs another code than the contract's default. Why each row exists:
constexpr std::array kOverrides{
    // pcscd tries the other protocol only on these two codes; a card or reader without the
    // protocol (NOT_SUPPORTED) or a mask the device rejects must lead there.
    Override{IfdFunction::set_protocol, Status::NOT_SUPPORTED, IFD_PROTOCOL_NOT_SUPPORTED},
    Override{IfdFunction::set_protocol, Status::INVALID_DEVICE_REQUEST, IFD_PROTOCOL_NOT_SUPPORTED},
    // An attribute the device does not know must read as an unknown tag, so pcscd answers
    // SCARD_E_UNSUPPORTED_FEATURE (and serves the ones it knows itself, like the friendly name).
    Override{IfdFunction::get_capabilities, Status::NOT_SUPPORTED, IFD_ERROR_TAG},
    Override{IfdFunction::get_capabilities, Status::INVALID_DEVICE_REQUEST, IFD_ERROR_TAG},
    Override{IfdFunction::set_capabilities, Status::NOT_SUPPORTED, IFD_ERROR_TAG},
    Override{IfdFunction::set_capabilities, Status::INVALID_PARAMETER, IFD_ERROR_SET_FAILURE},
    // pcscd maps IFD_ERROR_NOT_SUPPORTED of IFDHControl to SCARD_E_UNSUPPORTED_FEATURE.
    Override{IfdFunction::control, Status::NOT_SUPPORTED, IFD_ERROR_NOT_SUPPORTED},
    // A response that does not fit: we cannot tell pcscd the size it needs, so the transmit fails.
    Override{IfdFunction::transmit, Status::BUFFER_TOO_SMALL, IFD_COMMUNICATION_ERROR},
};

struct Name {
  RESPONSECODE code;
  const char* name;
};

constexpr std::array kNames{
    Name{IFD_SUCCESS, "IFD_SUCCESS"},
    Name{IFD_ERROR_TAG, "IFD_ERROR_TAG"},
    Name{IFD_ERROR_SET_FAILURE, "IFD_ERROR_SET_FAILURE"},
    Name{IFD_ERROR_VALUE_READ_ONLY, "IFD_ERROR_VALUE_READ_ONLY"},
    Name{IFD_ERROR_PTS_FAILURE, "IFD_ERROR_PTS_FAILURE"},
    Name{IFD_ERROR_NOT_SUPPORTED, "IFD_ERROR_NOT_SUPPORTED"},
    Name{IFD_PROTOCOL_NOT_SUPPORTED, "IFD_PROTOCOL_NOT_SUPPORTED"},
    Name{IFD_ERROR_POWER_ACTION, "IFD_ERROR_POWER_ACTION"},
    Name{IFD_COMMUNICATION_ERROR, "IFD_COMMUNICATION_ERROR"},
    Name{IFD_RESPONSE_TIMEOUT, "IFD_RESPONSE_TIMEOUT"},
    Name{IFD_NOT_SUPPORTED, "IFD_NOT_SUPPORTED"},
    Name{IFD_ICC_PRESENT, "IFD_ICC_PRESENT"},
    Name{IFD_ICC_NOT_PRESENT, "IFD_ICC_NOT_PRESENT"},
    Name{IFD_NO_SUCH_DEVICE, "IFD_NO_SUCH_DEVICE"},
    Name{IFD_ERROR_INSUFFICIENT_BUFFER, "IFD_ERROR_INSUFFICIENT_BUFFER"},
};

}  // namespace

RESPONSECODE to_ifd_code(IfdFunction function, Status status) {
  for (const auto& row : kOverrides) {
    if (row.function == function && row.status == status) return row.code;
  }
  // Statuses without a contract code (PENDING, CANCELLED, ...) never end a synchronous
  // request normally; report them as a communication error rather than success.
  return ifd_response_code(status).value_or(IFD_COMMUNICATION_ERROR);
}

const char* ifd_code_name(RESPONSECODE code) {
  for (const auto& row : kNames) {
    if (row.code == code) return row.name;
  }
  return "IFD_?";
}

}  // namespace readerkit::ifd
