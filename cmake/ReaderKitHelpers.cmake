# SPDX-License-Identifier: MIT
# Shared helpers for ReaderKit's targets.

# Warnings are PRIVATE: they apply to our code, never to users of the installed library.
function(readerkit_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wconversion -Wpedantic)
endfunction()

# One GoogleTest executable per test source: readerkit_gtest(NAME SOURCES... LIBS ... LABELS ...)
# A test file that does not compile breaks only its own executable.
function(readerkit_gtest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  find_package(GTest REQUIRED)
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  readerkit_warnings(${name})
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 300)
endfunction()

# A test whose prerequisite is missing still shows up: readerkit_skipped_test(NAME REASON
# LABELS ...) registers NAME as a test that prints why it cannot run and exits 77, which ctest
# reports as "Skipped" (SKIP_RETURN_CODE) instead of the test silently not existing.
function(readerkit_skipped_test name reason)
  cmake_parse_arguments(ARG "" "" "LABELS" ${ARGN})
  add_test(NAME ${name} COMMAND sh -c "echo 'SKIPPED: ${reason}'; exit 77")
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 LABELS "${ARG_LABELS}")
endfunction()
