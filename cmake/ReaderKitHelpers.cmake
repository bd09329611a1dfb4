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

# One ctest per pytest file (Debian's /usr/bin/python3 with python3-pytest):
# readerkit_pytests(PREFIX GLOB LABELS ... ENVIRONMENT ...) names each test PREFIX_FILE.
function(readerkit_pytests prefix pattern)
  cmake_parse_arguments(ARG "" "" "LABELS;ENVIRONMENT" ${ARGN})
  file(GLOB scripts CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${pattern})
  foreach(script ${scripts})
    get_filename_component(name ${script} NAME_WE)
    add_test(NAME ${prefix}_${name}
             COMMAND /usr/bin/python3 -m pytest -q -p no:cacheprovider ${script})
    set_tests_properties(${prefix}_${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 300
      ENVIRONMENT "PYTHONDONTWRITEBYTECODE=1;${ARG_ENVIRONMENT}")
  endforeach()
endfunction()

# The environment of a test that starts pcscd (scripts/pcscd-sandbox.sh): no Python bytecode in
# the tree, and in a sanitizer build the runtime preloaded into pcscd, which is not instrumented.
# readerkit_pcscd_environment(OUT_VAR [VAR=VALUE ...])
function(readerkit_pcscd_environment out)
  set(env "PYTHONDONTWRITEBYTECODE=1" ${ARGN})
  if(READERKIT_ASAN_RUNTIME)
    list(APPEND env "READERKIT_PCSCD_PRELOAD=${READERKIT_ASAN_RUNTIME}")
  endif()
  set(${out} "${env}" PARENT_SCOPE)
endfunction()

# A pytest file run beside a private pcscd serving the reader definitions in CONF through the
# IFD handler (scripts/pcscd-sandbox.sh); pcscd's output goes to NAME.log in the build folder,
# and a sanitizer build preloads its runtime into pcscd:
# readerkit_pcscd_test(NAME CONF DIR SCRIPT FILE [DEBUG] LABELS ... ENVIRONMENT ...)
function(readerkit_pcscd_test name)
  cmake_parse_arguments(ARG "DEBUG" "CONF;SCRIPT" "LABELS;ENVIRONMENT" ${ARGN})
  set(debug "")
  if(ARG_DEBUG)
    set(debug --debug)
  endif()
  readerkit_pcscd_environment(env ${ARG_ENVIRONMENT})
  add_test(NAME ${name}
    COMMAND ${PROJECT_SOURCE_DIR}/scripts/pcscd-sandbox.sh --handler $<TARGET_FILE:ifd-readerkit>
            --conf ${ARG_CONF} ${debug} --log ${CMAKE_CURRENT_BINARY_DIR}/${name}.log
            -- /usr/bin/python3 -m pytest -q -p no:cacheprovider ${ARG_SCRIPT})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 300 ENVIRONMENT "${env}")
endfunction()
