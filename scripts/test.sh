#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything and runs every test
# (unit, simulated reader, CLI, pcscd end to end, vpcd with vicc, CCID in the QEMU VM, a
# ThreadSanitizer run of the concurrency test and a short run of every fuzz target).
#   READERKIT_FUZZ_SECONDS  seconds per fuzz target (default 15)
#   READERKIT_SKIP_VM=1     leave the VM tests out (they need about 5 minutes)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
jobs=$(nproc)
section() { printf '\n=== %s\n' "$*"; }

section "dependencies"
scripts/install-deps.sh --vm

section "build (g++)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"

section "ThreadSanitizer: concurrent IOCTLs"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREADERKIT_SANITIZE=thread \
  -DREADERKIT_BUILD_TOOLS=OFF -DREADERKIT_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-tsan -j"$jobs" --target device_concurrency_test
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
  ctest --test-dir build-tsan --output-on-failure -R 'Concurrency'

section "fuzz (clang + libFuzzer, ${READERKIT_FUZZ_SECONDS:-15} s per target)"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DREADERKIT_BUILD_FUZZERS=ON -DREADERKIT_BUILD_TESTS=OFF -DREADERKIT_BUILD_TOOLS=OFF \
  -DREADERKIT_BUILD_BENCHMARKS=OFF -DREADERKIT_FUZZ_SECONDS="${READERKIT_FUZZ_SECONDS:-15}" >/dev/null
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure

section "every test"
exclude=()
[[ "${READERKIT_SKIP_VM:-0}" == 1 ]] && exclude=(-LE vm)
ctest --test-dir build --output-on-failure -j"$jobs" "${exclude[@]}"

# --- packaging (docs/packaging.md) ------------------------------------------------------------
# The install/CMake/pkg-config checks ran above (ctest label "packaging"). Here: the Debian
# packages, built lean (no tests/bench) with ccache, lintian, and installed into a clean root.
# READERKIT_SKIP_DEBS=1 leaves this section out.
if [[ "${READERKIT_SKIP_DEBS:-0}" != 1 ]]; then
  section "Debian packages: dpkg-buildpackage, lintian, install into a clean root"
  deb_start=$(date +%s)
  rm -rf build/debs
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  READERKIT_DEB_CMAKE_ARGS="${launcher[*]}" scripts/build-debs.sh build/debs
  scripts/deb-root-test.sh build/debs build/vm-cache
  echo "packaging section: $(( $(date +%s) - deb_start )) s"
fi
