// SPDX-License-Identifier: MIT
// The same header checks compiled as C++.
#include "header_check.c"
