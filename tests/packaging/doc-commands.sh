#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Every readerkit command shown in README.md and docs/cli.md runs: the lines of their code
# blocks that start with `readerkit` or `build/cli/readerkit`, and inline `readerkit ...`
# commands without placeholders (CAPITAL words), plus --help and --version. Each runs from the source tree in a private
# network namespace (vpcd listens on its default port) and must exit 0, except a USB reader
# that is not plugged in: exit 1 with the "cannot open" message (docs/cli.md's exit table).
# Usage: doc-commands.sh SOURCE_DIR READERKIT
set -euo pipefail
src=${1:?usage: doc-commands.sh SOURCE_DIR READERKIT}
cli=$(realpath "${2:?usage: doc-commands.sh SOURCE_DIR READERKIT}")
cd "$src"
mapfile -t commands < <(
  for f in README.md docs/cli.md; do
    awk '/^```/ { block = !block; next } block && /^(build\/cli\/)?readerkit / { print }' "$f"
    grep -o '`readerkit [^`]*`' "$f" | tr -d '`' || true  # none in a file is fine
  done | sed 's/ *#.*//; s|^build/cli/readerkit|readerkit|' |
    grep -Ev '(^| )[A-Z]{3,}( |$)|\[' |
    # a mention of an option alone (`readerkit --json`) is not a command
    grep -Ev '^readerkit( --[a-z]+)+$' | sort -u
  echo "readerkit --help"; echo "readerkit --version")
((${#commands[@]} >= 10)) || { echo "FAIL: only ${#commands[@]} commands found"; exit 1; }
ns=(--net)
[[ $(id -u) -eq 0 ]] || ns+=(--user --map-root-user)
fail=0
for c in "${commands[@]}"; do
  read -ra words <<<"${c#readerkit}"
  set +e
  out=$(unshare "${ns[@]}" -- sh -c 'ip link set lo up 2>/dev/null; exec timeout 60 "$@"' sh \
    "$cli" "${words[@]}" 2>&1)
  rc=$?
  set -e
  expected=0
  [[ "$c" == *"--reader usb:"* ]] && ! lsusb 2>/dev/null | grep -qi "${c##*usb:}" && expected=1
  if [[ $rc -ne $expected ]]; then
    echo "FAIL ($rc, want $expected): $c"; echo "$out" | tail -5; fail=1
  else
    echo "ok ($rc): $c"
  fi
done
exit "$fail"
