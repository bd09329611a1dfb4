#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The man pages format without warnings, and they and the bash completion name exactly the
# commands `readerkit --help` lists, the built-in profiles and the fault names of the code.
# Usage: man-completion.sh SOURCE_DIR READERKIT
set -euo pipefail
src=${1:?usage: man-completion.sh SOURCE_DIR READERKIT}
cli=${2:?usage: man-completion.sh SOURCE_DIR READERKIT}
fail=0
warnings=$(groff -man -ww -z "$src/man/readerkit.1" "$src/man/readerkit-sim.7" 2>&1)
[[ -z "$warnings" ]] || { echo "FAIL: groff warnings:"; echo "$warnings"; fail=1; }

sorted() { tr ' ' '\n' | sed '/^$/d' | sort -u | tr '\n' ' '; }
# What the code has.
commands=$("$cli" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' | sorted)
profiles=$(sed -n 's/^set(sim_profiles \(.*\))$/\1/p' "$src/drivers/sim/CMakeLists.txt" | sorted)
faults=$(sed -n 's/^ *FaultRow{"\([a-z-]*\)".*/\1/p' "$src/drivers/sim/src/faults.cpp" | sorted)
# What the completion offers.
comp_var() { perl -0ne "print \$1 if /local $1=\"([^\"]*)\"/s" "$src/completion/readerkit.bash" |
  tr '\n' ' ' | sorted; }
check() {
  if [[ "$2" != "$3" ]]; then echo "FAIL: $1: code has [$2], $4 has [$3]"; fail=1; fi
}
check commands "$commands" "$(comp_var commands)" completion
check profiles "$profiles" "$(comp_var profiles)" completion
check faults "$(echo "$faults clear" | sorted)" "$(comp_var faults)" completion
# What the man pages describe (.TP items after the section heading).
man_items() { awk -v s="$2" '/^\.SH/ { on = ($0 ~ s) } on && prev == ".TP" { print }
  { prev = $0 }' "$1" | sed 's/^\.[A-Z]* //; s/\\-/-/g; s/"//g' | awk '{ print $1 }' | sorted; }
check commands "$commands" "$(man_items "$src/man/readerkit.1" COMMANDS | sed 's/card|//')" readerkit.1
check profiles "$profiles" "$(man_items "$src/man/readerkit-sim.7" PROFILES)" readerkit-sim.7
check faults "$faults" "$(man_items "$src/man/readerkit-sim.7" FAULTS | sed 's/every=//g')" readerkit-sim.7
((fail == 0)) && echo "man pages and completion match: $(wc -w <<<"$commands") commands, $(wc -w <<<"$profiles") profiles, $(wc -w <<<"$faults") faults"
exit "$fail"
