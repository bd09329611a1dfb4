// SPDX-License-Identifier: MIT
/* Leaks one allocation of 77 bytes on purpose: built with AddressSanitizer, it shows whether
   LeakSanitizer works where it runs (tests/e2e/sandbox/lsan_in_sandbox.sh). */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  void* volatile leaked = malloc(77);
  leaked = NULL;
  puts("leak probe: 77 bytes left unreferenced");
  return 0;
}
