// SPDX-License-Identifier: MIT
// The `smclib:PATH.so[:OPTIONS]` reader kind: a reader driver written in C against the WDK
// headers (include/readerkit/wdk), loaded from a shared object through ReaderKitAddDevice
// (docs/smclib.md "Library and headers").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "readerkit/log.hpp"
#include "readerkit/reader.hpp"

namespace readerkit::smclib {

/// Opens the driver named by the SPEC fields after "smclib": {PATH, OPTIONS...} (OPTIONS is
/// the rest of the SPEC, ':' included). nullptr with `error` set to one line when the file
/// cannot be loaded, has no ReaderKitAddDevice, or AddDevice fails.
std::unique_ptr<Reader> open_smclib_reader(const std::vector<std::string>& fields, Log log,
                                           bool lenient_atr, std::string& error);

}  // namespace readerkit::smclib
