#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's test command: installs what is missing, builds everything and runs every test
# (unit, simulated reader, CLI, pcscd end to end, vpcd with vicc, CCID in the QEMU VM), then the
# same suite under AddressSanitizer + UBSan (pcscd with the sanitizer runtime preloaded),
# ThreadSanitizer over the concurrency tests and the IFD handler's threads, and a short run of
# every fuzz target. Each section prints its duration; docs/robustness.md lists what they cover.
#   READERKIT_FUZZ_SECONDS  seconds per fuzz target (default 15)
#   READERKIT_SKIP_VM=1     leave the VM tests out (they need about 5 minutes)
#   READERKIT_SKIP_ASAN=1   leave the AddressSanitizer + UBSan section out
#   READERKIT_SKIP_DEBS=1   leave the Debian package section out
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=$(nproc)
section_start=$SECONDS
section_name=""
section_end() {
  [[ -n "$section_name" ]] && printf '=== %s: %d s\n' "$section_name" $((SECONDS - section_start))
  return 0
}
section() {
  section_end
  section_name=$*
  section_start=$SECONDS
  printf '\n=== %s\n' "$*"
}
trap section_end EXIT

section "dependencies"
scripts/install-deps.sh --vm

# ccache (installed by install-deps.sh) keeps the five configurations cheap when the suite runs
# again on the same machine; paths are hashed relative to the checkout, so any clone shares it.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

section "build (g++)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build build -j"$jobs"

section "every test (g++)"
exclude=()
[[ "${READERKIT_SKIP_VM:-0}" == 1 ]] && exclude=(-LE vm)
ctest --test-dir build --output-on-failure -j"$jobs" "${exclude[@]}"

if [[ "${READERKIT_SKIP_ASAN:-0}" != 1 ]]; then
  # Every test but the VM and packaging ones (those build downstream projects against the
  # installed, here instrumented, library), built with ASan + UBSan. The e2e and vpcd tests load the
  # sanitized IFD handler into pcscd with libasan preloaded (READERKIT_PCSCD_PRELOAD); a report
  # in pcscd's log fails them. UBSan findings are fatal.
  section "AddressSanitizer + UBSan: every test, pcscd end to end included"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREADERKIT_SANITIZE=address,undefined \
    -DREADERKIT_BUILD_BENCHMARKS=OFF "${launcher[@]}" >/dev/null
  cmake --build build-asan -j"$jobs"
  ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE "vm|packaging"
fi

section "ThreadSanitizer: concurrent IOCTLs, the IFD handler's event and stop threads, the USB/IP server"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREADERKIT_SANITIZE=thread \
  -DREADERKIT_BUILD_CCID=OFF -DREADERKIT_BUILD_BENCHMARKS=OFF "${launcher[@]}" >/dev/null
cmake --build build-tsan -j"$jobs" --target device_concurrency_test ifd_ifdh_api_test usbip_server_test
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
  ctest --test-dir build-tsan --output-on-failure -R 'Concurrency|IfdhApi|UsbipServer'

section "fuzz (clang + libFuzzer, ${READERKIT_FUZZ_SECONDS:-15} s per target)"
# The drivers are built too: most targets fuzz a driver's parser.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DREADERKIT_BUILD_FUZZERS=ON -DREADERKIT_BUILD_TESTS=OFF -DREADERKIT_BUILD_TOOLS=ON \
  -DREADERKIT_BUILD_BENCHMARKS=OFF -DREADERKIT_FUZZ_SECONDS="${READERKIT_FUZZ_SECONDS:-15}" "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure -j"$jobs"

# Debian packages (docs/packaging.md), built lean (no tests/bench), checked with lintian and
# installed into a clean root; the install/CMake/pkg-config checks ran above (ctest label
# "packaging"). READERKIT_SKIP_DEBS=1 leaves this section out.
if [[ "${READERKIT_SKIP_DEBS:-0}" != 1 ]]; then
  section "Debian packages: dpkg-buildpackage, lintian, install into a clean root"
  rm -rf build/debs
  READERKIT_DEB_CMAKE_ARGS="${launcher[*]}" scripts/build-debs.sh build/debs
  scripts/deb-root-test.sh build/debs build/vm-cache
fi
