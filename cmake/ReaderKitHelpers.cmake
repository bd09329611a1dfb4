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
