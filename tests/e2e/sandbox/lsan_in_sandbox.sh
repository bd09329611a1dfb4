#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that scripts/pcscd-sandbox.sh gives its PID namespace its own /proc: inside, PID 1 is
# the sandbox itself, and LeakSanitizer (which reads /proc/self) reports a leak instead of
# failing. Usage: lsan_in_sandbox.sh HANDLER LEAK_PROBE
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
handler=$1 probe=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT

set +e
"$root/scripts/pcscd-sandbox.sh" --handler "$handler" -- sh -c '
  tr "\0" " " </proc/1/cmdline; echo
  ASAN_OPTIONS=detect_leaks=1 "$1"; echo "probe exit $?"' sh "$probe" >"$out" 2>&1
set -e
cat "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
grep -q 'pcscd-sandbox.sh --inside' "$out" || fail "PID 1 of the sandbox's /proc is not the sandbox"
grep -q 'LeakSanitizer has encountered a fatal error' "$out" && fail "LeakSanitizer cannot run in the sandbox"
grep -q 'ERROR: LeakSanitizer: detected memory leaks' "$out" || fail "LeakSanitizer did not report the leak"
grep -q '77 byte(s) leaked in 1 allocation' "$out" || fail "the leak report is not the probe's"
echo "PASS: LeakSanitizer works inside the sandbox"
