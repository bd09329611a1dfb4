#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The CI check of docs/performance.md "Regression check": instructions (callgrind) and heap
# allocations (memcheck's heap summary) per APDU of `readerkit bench` on the simulated reader,
# for each workload of bench/perf-baseline.txt, compared with the baseline there. Each figure is
# the difference between a run of N2 and a run of N1 APDUs divided by N2 - N1, so start-up and
# exit cost cancel out; both tools count exactly, so the figures repeat on the same binary.
# Fails when a figure exceeds its baseline by more than 10 %; prints one line per figure.
# Usage: bench/perf-regression.sh READERKIT [BASELINE]   (needs valgrind)
set -euo pipefail
cli=${1:?usage: perf-regression.sh READERKIT [BASELINE]}
baseline=${2:-$(dirname "$0")/perf-baseline.txt}
n1=200 n2=1200
command -v valgrind > /dev/null || { echo "FAIL: valgrind is missing (scripts/install-deps.sh)"; exit 1; }

instructions() {  # instructions N ARGS...: Ir of one bench run of N APDUs
  local n=$1; shift
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$cli" bench -n "$n" "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
allocations() {  # allocations N ARGS...: heap allocations of one bench run of N APDUs
  local n=$1; shift
  valgrind --tool=memcheck "$cli" bench -n "$n" "$@" 2>&1 >/dev/null |
    sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
}
per_apdu() {  # per_apdu A1 A2: (A2 - A1) / (N2 - N1), one decimal
  awk -v a="$1" -v b="$2" -v n="$((n2 - n1))" 'BEGIN { printf "%.1f", (b - a) / n }'
}

fail=0
while read -r name max_ir max_alloc args; do
  [[ -z $name || $name == \#* ]] && continue
  read -ra words <<< "$args"
  ir=$(per_apdu "$(instructions $n1 "${words[@]}")" "$(instructions $n2 "${words[@]}")")
  alloc=$(per_apdu "$(allocations $n1 "${words[@]}")" "$(allocations $n2 "${words[@]}")")
  for pair in "instructions:$ir:$max_ir" "allocations:$alloc:$max_alloc"; do
    IFS=: read -r what got base <<< "$pair"
    verdict=$(awk -v g="$got" -v b="$base" 'BEGIN { print (g <= b * 1.10) ? "ok" : "FAIL" }')
    printf '%-4s %-10s %-12s per APDU %10s (baseline %s, limit +10 %%)\n' "$verdict" "$name" "$what" "$got" "$base"
    [[ $verdict == ok ]] || fail=1
  done
done < "$baseline"
exit "$fail"
