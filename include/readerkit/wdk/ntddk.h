// SPDX-License-Identifier: MIT
/* ntddk.h on ReaderKit: the same kernel subset as wdm.h (docs/smclib.md). */
#ifndef READERKIT_WDK_NTDDK_H
#define READERKIT_WDK_NTDDK_H

#include "wdm.h"

#endif
