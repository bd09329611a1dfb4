// SPDX-License-Identifier: MIT
// Status -> IFD response code, per IFDH entry point. The table of docs/contract/ioctl.md (§7,
// readerkit::ifd_response_code) is the default; each entry point overrides the rows where
// pcscd needs another code to do the right thing (docs/contract/ifdhandler.md).
#pragma once

#include "pcsc_api.hpp"

#include "readerkit/status.hpp"

namespace readerkit::ifd {

/// The IFDH entry points whose status mapping differs.
enum class IfdFunction {
  power,              // IFDHPowerICC
  set_protocol,       // IFDHSetProtocolParameters
  transmit,           // IFDHTransmitToICC
  get_capabilities,   // IFDHGetCapabilities (attributes)
  set_capabilities,   // IFDHSetCapabilities (attributes)
  control,            // IFDHControl
  presence,           // IFDHICCPresence
};

/// The IFD code pcscd should see when `function` ended with `status`.
RESPONSECODE to_ifd_code(IfdFunction function, Status status);

/// "IFD_ICC_NOT_PRESENT" etc., for log lines.
const char* ifd_code_name(RESPONSECODE code);

}  // namespace readerkit::ifd
