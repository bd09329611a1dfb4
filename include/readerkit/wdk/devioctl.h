// SPDX-License-Identifier: MIT
/* I/O control code layout (CTL_CODE) of the Windows driver headers. */
#ifndef READERKIT_WDK_DEVIOCTL_H
#define READERKIT_WDK_DEVIOCTL_H

/* 32-bit unsigned, as ULONG on Windows. */
#define CTL_CODE(DeviceType, Function, Method, Access)                       \
  ((((unsigned int)(DeviceType)) << 16) | (((unsigned int)(Access)) << 14) | \
   (((unsigned int)(Function)) << 2) | ((unsigned int)(Method)))
#define DEVICE_TYPE_FROM_CTL_CODE(ctrlCode) ((((unsigned int)(ctrlCode)) & 0xffff0000u) >> 16)
#define METHOD_FROM_CTL_CODE(ctrlCode) (((unsigned int)(ctrlCode)) & 3u)

#define METHOD_BUFFERED 0
#define METHOD_IN_DIRECT 1
#define METHOD_OUT_DIRECT 2
#define METHOD_NEITHER 3

#define FILE_ANY_ACCESS 0
#define FILE_SPECIAL_ACCESS FILE_ANY_ACCESS
#define FILE_READ_ACCESS 0x0001
#define FILE_WRITE_ACCESS 0x0002

#define FILE_DEVICE_SMARTCARD 0x00000031

#endif
