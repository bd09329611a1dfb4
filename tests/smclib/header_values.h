// SPDX-License-Identifier: MIT
/* The WDK constants by name, from a translation unit that sees only the WDK headers. */
#ifndef READERKIT_TEST_HEADER_VALUES_H
#define READERKIT_TEST_HEADER_VALUES_H
#ifdef __cplusplus
extern "C" {
#endif
struct readerkit_wdk_value {
  const char* name;
  unsigned long long value;
};
extern const struct readerkit_wdk_value readerkit_wdk_values[];
extern const unsigned readerkit_wdk_value_count;
#ifdef __cplusplus
}
#endif
#endif
