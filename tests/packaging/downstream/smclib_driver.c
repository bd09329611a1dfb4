// SPDX-License-Identifier: MIT
/* What a reader-driver author builds against an installed ReaderKit: a C file that includes the
 * WDK headers by their Windows names and calls the library (downstream.sh links it as a driver
 * shared object, with CMake and with pkg-config). */
#include <smclib.h>

NTSTATUS ReaderKitAddDevice(PSMARTCARD_EXTENSION SmartcardExtension, const char *Options) {
  UNREFERENCED_PARAMETER(Options);
  SmartcardExtension->Version = SMCLIB_VERSION;
  SmartcardExtension->SmartcardRequest.BufferSize = MIN_BUFFER_SIZE;
  SmartcardExtension->SmartcardReply.BufferSize = MIN_BUFFER_SIZE;
  return SmartcardInitialize(SmartcardExtension);
}
