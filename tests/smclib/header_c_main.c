// SPDX-License-Identifier: MIT
#include <stdio.h>
#include "header_values.h"
int main(void) {
  printf("%u WDK values\n", readerkit_wdk_value_count);
  return readerkit_wdk_value_count > 90 ? 0 : 1;
}
