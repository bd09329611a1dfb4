#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one VM scenario of the CCID suite (docs/ccid.md "The VM rig") and prints its results.
#   vscard-uhci  our simulated card behind QEMU's reader (VSCard), UHCI: CLI and pcscd, ours
#                and libccid
#   vscard-xhci  the same behind qemu-xhci (spurious zero-length bulk-in transfers)
#   cac          QEMU's emulated CAC card: ATR, an APDU, pkcs11-tool -O through pcscd
#   usbip        our reader exported by `readerkit usbip serve` inside the guest and attached
#                with Linux's usbip (vhci-hcd): libccid, our handler and our driver on a
#                representative set of profiles (docs/usbip.md "VM tests")
#   usbip-full   the same on every profile and card protocol
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
    # readertest cases 1, 2 and 3 with 5 bytes (vm/readertest-cases.py).
    printf 'power cold\nprotocol T0\ntransmit 8030000000\ntransmit 8034000505\n%s\n' \
      'transmit 80320000050001020304' > "$share/usbmon-session.txt"
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
  usbip|usbip-full)
    hc=uhci card=none
    cp "$here/guest/usbip.sh" "$share/test.sh"
    "$here/make-bundle.sh" "$build/ifdhandler/libifd-readerkit.so" "$share" --class
    cp "$here"/guest/*_pyscard.py "$share/"
    /usr/bin/python3 "$here/readertest-cases.py" "$share"
    # PROFILE SIM-PROFILE[:FIELDS] PROTOCOL LENGTHS [extended] [pin] [own-id]
    {
      echo "apdu t1 T1 all"
      echo "tpdu t0 T0 all"
      echo "extended extended T1 edges extended"
      echo "pinpad pinpad T1 edges pin"
      echo "apdu t1 T1 edges own-id"
      if [[ $scenario == usbip-full ]]; then
        echo "apdu t0 T0 all"
        echo "tpdu t1 T1 all"
        echo "tpdu t1-crc T1 edges"
        echo "tpdu-manual default T0 edges"
        echo "tpdu-manual default T1 edges"
        echo "polled t1 T1 edges"
        echo "apdu t1:slots=2 T1 edges"
      fi
    } > "$share/profiles.txt" ;;
  *) echo "ccid-suite: unknown scenario $scenario" >&2; exit 2 ;;
esac

# The guest's usbmon capture (vscard scenarios), read by the host's tshark with no options:
# Wireshark's usbccid must decode every bulk transfer that carries data, among them the three
# XfrBlocks and four DataBlocks (ATR and three answers). One result line, like the guest's.
usbmon_check() {
  local pcap=$share/usbmon.pcap tshark=/usr/bin/tshark types bulk decoded xfr blocks
  if [[ ! -x $tshark || ! -s $pcap ]]; then
    echo "FAIL host:usbmon-tshark ${tshark} or $pcap missing" | tee -a "$share/results.txt"
    return 1
  fi
  types=$("$tshark" -r "$pcap" -Y usbccid -T fields -e usbccid.bMessageType 2>/dev/null)
  bulk=$("$tshark" -r "$pcap" -Y 'usb.transfer_type == 3 && usb.data_len > 0' 2>/dev/null | wc -l)
  decoded=$(grep -c . <<< "$types" || true)
  xfr=$(grep -c '^0x6f$' <<< "$types" || true)
  blocks=$(grep -c '^0x80$' <<< "$types" || true)
  local verdict=FAIL
  if ((decoded == bulk && xfr == 3 && blocks == 4)); then verdict=PASS; fi
  echo "$verdict host:usbmon-tshark usbccid decoded $decoded of $bulk bulk transfers ($xfr XfrBlock, $blocks DataBlock)" |
    tee -a "$share/results.txt"
  [[ $verdict == PASS ]]
}

rc=0
vm_args=(--hc "$hc" --card "$card" --timeout 400)
case $scenario in
  usbip) vm_args=(--no-reader --timeout 540) ;;
  usbip-full) vm_args=(--no-reader --timeout 1500) ;;
esac
"$here/run-vm.sh" "$cache" "$share" "${vm_args[@]}" || rc=$?
cat "$share/results.txt" 2>/dev/null || true
if [[ $scenario == vscard-* ]]; then usbmon_check || rc=1; fi
echo "ccid-suite $scenario: exit $rc, rig $((rig_done - start)) s, run $(( $(date +%s) - rig_done )) s"
[[ $rc -eq 0 ]] || { echo "--- guest log (tail)"; tail -40 "$share/guest.log" 2>/dev/null || true; }
exit "$rc"
