#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one VM scenario of the CCID suite (docs/ccid.md "The VM rig") and prints its results.
#   vscard-uhci  our simulated card behind QEMU's reader (VSCard), UHCI: CLI and pcscd, ours
#                and libccid
#   vscard-xhci  the same behind qemu-xhci (spurious zero-length bulk-in transfers)
#   cac          QEMU's emulated CAC card: ATR, an APDU, pkcs11-tool -O through pcscd
# Usage: vm/ccid-suite.sh BUILD_DIR SCENARIO   (exit 0 when every check passed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: ccid-suite.sh BUILD_DIR SCENARIO}" && pwd)
scenario=${2:?usage: ccid-suite.sh BUILD_DIR SCENARIO}
cache=$build/vm-cache
work=$build/vm-runs/$scenario
share=$work/share

start=$(date +%s)
"$here/build-rig.sh" "$cache"
rig_done=$(date +%s)

rm -rf "$work"
mkdir -p "$share/bin" "$share/lib" "$share/ctl"
cp "$build/cli/readerkit" "$build/tests/ccid/ccid-event-latency" "$share/bin/"
# The CLI and the handler load C drivers through libreaderkit-smclib (docs/smclib.md); the
# guest finds it through LD_LIBRARY_PATH (vm/guest/lib.sh), not the build tree's RUNPATH.
cp -P "$build"/smclib/libreaderkit-smclib.so* "$share/lib/"
"$here/make-bundle.sh" "$build/ifdhandler/libifd-readerkit.so" "$share"
cp "$here/guest/lib.sh" "$share/"

server=""
cleanup() { if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; fi; wait 2>/dev/null || true; }
trap cleanup EXIT

case $scenario in
  vscard-uhci|vscard-xhci)
    hc=${scenario#vscard-}
    echo "$hc" > "$share/hc"
    cp "$here/guest/vscard.sh" "$share/test.sh"
    /usr/bin/python3 "$here/readertest-cases.py" "$share"
    "$build/cli/readerkit" --reader sim:profile=t0 --json power cold |
      sed -n 's/.*"output":"\([0-9A-F]*\)".*/\1/p' > "$share/atr.txt"
    printf 'power cold\npower warm\npower down\npower cold\n' > "$share/power-cycle.txt"
    "$build/tests/ccid/ccid-vscard-card" "$work/vscard.sock" "$share/ctl" sim:profile=t0 \
      > "$work/vscard.log" 2>&1 &
    server=$!
    for _ in $(seq 50); do [[ -S $work/vscard.sock ]] && break; sleep 0.1; done
    card=vscard:$work/vscard.sock ;;
  cac)
    hc=uhci
    cp "$here/guest/cac.sh" "$share/test.sh"
    printf 'power cold\nprotocol T0\ntransmit 00A4040007A0000000790100\n' > "$share/cac-select.txt"
    mkdir -p "$work/nssdb"
    certutil -N -d "sql:$work/nssdb" --empty-password
    head -c 2048 /dev/urandom > "$work/noise"
    for n in 1 2 3; do
      certutil -S -d "sql:$work/nssdb" -n "cert$n" -s "CN=ReaderKit CAC test $n" -x -t "CT,C,C" \
        -k rsa -g 2048 -v 12 -z "$work/noise" > /dev/null 2>&1
    done
    card=cac:$work/nssdb ;;
  *) echo "ccid-suite: unknown scenario $scenario" >&2; exit 2 ;;
esac

rc=0
"$here/run-vm.sh" "$cache" "$share" --hc "$hc" --card "$card" --timeout 400 || rc=$?
cat "$share/results.txt" 2>/dev/null || true
echo "ccid-suite $scenario: exit $rc, rig $((rig_done - start)) s, run $(( $(date +%s) - rig_done )) s"
[[ $rc -eq 0 ]] || { echo "--- guest log (tail)"; tail -40 "$share/guest.log" 2>/dev/null || true; }
exit "$rc"
