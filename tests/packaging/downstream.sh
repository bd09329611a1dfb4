#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A project outside the tree builds against ReaderKit installed in a temporary prefix:
# with CMake (find_package(ReaderKit 0.2 REQUIRED COMPONENTS drivers smclib)) and with
# pkg-config (readerkit, readerkit-smclib).
# Usage: downstream.sh BUILD_DIR SOURCE_DIR CXX_COMPILER
set -euo pipefail
build=${1:?usage: downstream.sh BUILD_DIR SOURCE_DIR CXX}
src=${2:?usage: downstream.sh BUILD_DIR SOURCE_DIR CXX}
cxx=${3:?usage: downstream.sh BUILD_DIR SOURCE_DIR CXX}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

echo "--- CMake: find_package(ReaderKit 0.2 REQUIRED COMPONENTS drivers smclib)"
cmake -S "$src/tests/packaging/downstream" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$tmp/cmake" >/dev/null
"$tmp/cmake/core_app"
"$tmp/cmake/drivers_app"
test -f "$tmp/cmake/libsmclib_driver.so"

echo "--- CMake: a version this install does not provide is refused"
mkdir -p "$tmp/v9"
printf 'cmake_minimum_required(VERSION 3.25)\nproject(v9 LANGUAGES CXX)\nfind_package(ReaderKit 9.0 REQUIRED)\n' \
  >"$tmp/v9/CMakeLists.txt"
if cmake -S "$tmp/v9" -B "$tmp/v9/b" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null 2>&1; then
  echo "FAIL: find_package(ReaderKit 9.0) succeeded"; exit 1
fi

echo "--- CMake: a component that is not installed is refused"
printf 'cmake_minimum_required(VERSION 3.25)\nproject(nc LANGUAGES CXX)\nfind_package(ReaderKit REQUIRED COMPONENTS nosuch)\n' \
  >"$tmp/v9/CMakeLists.txt"
if cmake -S "$tmp/v9" -B "$tmp/v9/c" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null 2>&1; then
  echo "FAIL: find_package(ReaderKit COMPONENTS nosuch) succeeded"; exit 1
fi

echo "--- pkg-config readerkit"
pcdir=$(dirname "$(find "$prefix" -name readerkit.pc)")
flags=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs readerkit)
echo "pkg-config: $flags"
# shellcheck disable=SC2086 # the flags are words
"$cxx" "$src/tests/packaging/downstream/main.cpp" $flags -o "$tmp/pc_app"
"$tmp/pc_app"

echo "--- pkg-config readerkit-smclib: a C driver shared object"
flags=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs readerkit-smclib)
echo "pkg-config: $flags"
# shellcheck disable=SC2086 # the flags are words
cc -std=c11 -Wall -Wextra -Werror -shared -fPIC \
  "$src/tests/packaging/downstream/smclib_driver.c" $flags -o "$tmp/pc_driver.so"
