#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The README's main job: installs what is missing, builds, then shows ReaderKit at work:
#  1. a `readerkit` session against the byte-level simulated reader (examples/session.rk):
#     card insertion, decoded ATR, PPS and protocol, readertest and file-system APDUs;
#  2. the same simulated reader served by a private pcscd through our IFD handler to a PC/SC
#     client (reader list, ATR, protocol, APDUs, attributes), ending with nothing left running.
#   READERKIT_TRACE=1  also print the bytes on the simulated line
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
section() { printf '\n=== %s\n\n' "$*"; }

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target readerkit-cli ifd-readerkit

trace=()
[[ "${READERKIT_TRACE:-0}" == 1 ]] && trace=(--trace)

section "readerkit session on the simulated reader (examples/session.rk)"
build/cli/readerkit "${trace[@]}" run examples/session.rk

section "the same reader through pcscd to a PC/SC client"
scripts/pcsc-demo.sh build
