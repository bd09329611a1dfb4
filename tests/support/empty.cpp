// SPDX-License-Identifier: MIT
// Keeps readerkit_test_support non-empty before any fixture exists.
