// SPDX-License-Identifier: MIT
/* A shared object that is not a reader driver (no ReaderKitAddDevice). */
int readerkit_test_not_a_driver(void);
int readerkit_test_not_a_driver(void) {
  return 0;
}
