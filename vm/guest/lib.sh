# SPDX-License-Identifier: MIT
# Helpers of the guest test scripts (sourced by test.sh in the VM's shared folder).
# Every check prints "PASS name detail" or "FAIL name detail" and appends it to results.txt;
# `finish` exits non-zero when any check failed.
SHARE=/mnt/share
READER=usb:08e6:4433
# libreaderkit-smclib for the CLI, the latency tool and pcscd's handler (ccid-suite.sh copies it).
export LD_LIBRARY_PATH="$SHARE/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
RK="$SHARE/bin/readerkit"
failures=0
: > "$SHARE/results.txt"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
record() { echo "$*"; echo "$*" >> "$SHARE/results.txt"; }
pass() { record "PASS $*"; }
fail() { record "FAIL $*"; failures=$((failures + 1)); }
check() {  # check NAME DETAIL COMMAND...: PASS when the command succeeds
  name=$1 detail=$2; shift 2
  if "$@"; then pass "$name" "$detail"; else fail "$name" "$detail"; fi
}
info() { record "INFO $*"; }  # a reference result that is reported, not required
finish() { echo "failures: $failures"; [ "$failures" -eq 0 ]; }

# Responses of a `readerkit --json run` output, one per transmit line.
cli_responses() { sed -n 's/.*"cmd":"transmit".*"response":"\([0-9A-F]*\)".*/\1/p' "$1"; }
# Responses printed by scriptor ("< 90 00 : Normal processing."), one per command.
# scriptor wraps long responses at 16 bytes; the line with " : " ends one.
scriptor_responses() {
  awk '/^< /{r=substr($0,3); while (r !~ / : /) { if ((getline l) <= 0) break; r = r " " l }
       sub(/ : .*/, "", r); gsub(/ /, "", r); print toupper(r)}' "$1"
}

# Starts pcscd with the handler bundles of DIR (our bundle, or Debian's folder when empty)
# and waits until it lists a reader; PCSCD_PID is set.
start_pcscd() {
  if [ -n "$1" ]; then
    mount -t tmpfs tmpfs /usr/lib/pcsc/drivers
    cp -r "$1" /usr/lib/pcsc/drivers/
  fi
  pcscd -f -d > "$SHARE/pcscd-$2.log" 2>&1 &
  PCSCD_PID=$!
  i=0
  while [ $i -lt 100 ]; do
    pcsc_scan -r 2>/dev/null | grep -q '^[0-9]*: ' && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
stop_pcscd() {
  kill "$PCSCD_PID" 2>/dev/null; wait "$PCSCD_PID" 2>/dev/null
  mountpoint -q /usr/lib/pcsc/drivers && umount /usr/lib/pcsc/drivers
  return 0
}
