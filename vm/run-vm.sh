#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots the rig (build-rig.sh) with QEMU's USB CCID reader and runs SHARE/test.sh in the guest;
# exits with that script's exit code (124: the outer timeout fired, 125: no exit code came).
# Usage: vm/run-vm.sh CACHE SHARE [--hc uhci|xhci] [--card none|cac:NSSDB|vscard:SOCKET]
#                     [--no-reader] [--timeout SECONDS]
# --no-reader boots without QEMU's reader (the usbip scenarios bring their own over USB/IP).
# The guest log is SHARE/guest.log, the console SHARE/console.log.
set -euo pipefail

cache=${1:?usage: run-vm.sh CACHE SHARE [options]}
share=${2:?usage: run-vm.sh CACHE SHARE [options]}
shift 2
hc=uhci card=none limit=240 reader=(-device usb-ccid,bus=hc.0)
while (($#)); do
  case $1 in
    --hc) hc=$2; shift 2 ;;
    --card) card=$2; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --no-reader) reader=(); shift ;;
    *) echo "run-vm: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f $share/test.sh ]] || { echo "run-vm: $share/test.sh missing" >&2; exit 2; }
rm -f "$share/exit-code" "$share/guest.log"

case $hc in
  uhci) controller=(-device piix3-usb-uhci,id=hc) ;;
  xhci) controller=(-device qemu-xhci,id=hc) ;;
  *) echo "run-vm: --hc uhci|xhci" >&2; exit 2 ;;
esac
case $card in
  none) card_args=() ;;
  cac:*)
    # QEMU's emulated CAC card (libcacard) with three certificates of an NSS database.
    card_args=(-device "ccid-card-emulated,backend=certificates,db=sql:${card#cac:},cert1=cert1,cert2=cert2,cert3=cert3") ;;
  vscard:*)
    # A card of ours speaking the VSCard protocol on a Unix socket QEMU connects to.
    card_args=(-chardev "socket,id=vsc,path=${card#vscard:}" -device ccid-card-passthru,chardev=vsc) ;;
  *) echo "run-vm: --card none|cac:NSSDB|vscard:SOCKET" >&2; exit 2 ;;
esac

rc=0
timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel tcg -m 512 -smp 1 \
  -nographic -no-reboot -net none -monitor none -serial stdio \
  -kernel "$cache/vmlinuz" -initrd "$cache/initrd.img" \
  -append "console=ttyS0 panic=-1 quiet loglevel=3" \
  -virtfs "local,path=$cache/rootfs,mount_tag=rootfs,security_model=none,readonly=on" \
  -virtfs "local,path=$share,mount_tag=share,security_model=none" \
  "${controller[@]}" "${reader[@]}" "${card_args[@]}" \
  < /dev/null > "$share/console.log" 2>&1 || rc=$?
if ((rc == 124 || rc == 137)); then
  echo "run-vm: timed out after ${limit} s" >&2
  exit 124
fi
[[ -f $share/exit-code ]] || { echo "run-vm: the guest left no exit code (qemu $rc)" >&2; exit 125; }
exit "$(cat "$share/exit-code")"
