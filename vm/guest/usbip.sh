# SPDX-License-Identifier: MIT
# Guest suite of the USB/IP export (docs/usbip.md "VM tests"): for each line of profiles.txt
# ("PROFILE SIM-PROFILE T0|T1 all|edges [extended] [pin] [own-id]") the guest serves the simulated
# reader with `readerkit usbip serve` on its own loopback, attaches it with Linux's
# `usbip attach` (vhci-hcd), and runs readertest through pcscd with Debian's libccid, through
# pcscd with our handler, and with our CCID driver directly; card events through pcscd; PIN
# verification where the line says pin. An `own-id` line keeps ReaderKit's own identity
# 1209:0001: Debian's libccid does not list it and pcsc-lite matches bundles by VID:PID only, so
# pcscd must leave it alone, while our bundle built as the class driver (which lists it) takes it.
# Then detach, re-attach and a server restart.
. /mnt/share/lib.sh
cd "$SHARE" || exit 1
SOCK=/tmp/sim.sock
LISTED=08e6:4433  # an identity Debian's libccid lists (and the test bundle of ours)
ID=$LISTED
busybox ip link set lo up 2>/dev/null || busybox ifconfig lo 127.0.0.1 up
SERVER=""

serve() {  # serve PROFILE SIM-PROFILE: starts the server and waits until it lists the device
  usb_id="--usb-id=$ID"; [ "$ID" = 1209:0001 ] && usb_id=""  # the default identity
  "$RK" usbip serve --reader "sim:profile=$2:control=$SOCK" --profile "$1" $usb_id \
    > "serve-$1.log" 2>&1 &
  SERVER=$!
  i=0
  while [ $i -lt 100 ]; do
    usbip list -r 127.0.0.1 2>/dev/null | grep -q '1-1' && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
stop_server() { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; SERVER=""; }
attached() { lsusb -d "$ID" > /dev/null 2>&1; }
attach() {  # attach: usbip attach, then wait for the device on the bus
  usbip attach -r 127.0.0.1 -b 1-1 > attach.log 2>&1 || return 1
  i=0
  while [ $i -lt 100 ]; do attached && { udevadm settle --timeout=5; return 0; }; sleep 0.1; i=$((i + 1)); done
  return 1
}
detach() {
  for port in $(usbip port 2>/dev/null | sed -n 's/^Port 0*\([0-9]\{1,\}\):.*/\1/p'); do
    usbip detach -p "$port" > /dev/null 2>&1
  done
  i=0
  while [ $i -lt 50 ]; do attached || return 0; sleep 0.1; i=$((i + 1)); done
  return 1
}

readertest() {  # readertest NAME PROTOCOL LENGTHS [--extended]
  t0=$(now_ms)
  timeout 300 /usr/bin/python3 readertest_pyscard.py "" "$2" "$3" $4 > "$1.txt" 2>&1
  rc=$?
  check "$1" "$(tail -n1 "$1.txt")" [ $rc -eq 0 ]
}

while read -r profile sim protocol lengths extra; do
  [ -z "$profile" ] && continue
  p="usbip-$profile-$sim-$protocol"
  ID=$LISTED; ours_bundle="$SHARE/ifd-readerkit.bundle"
  own=no
  case " $extra " in *" own-id "*)
    own=yes; ID=1209:0001; ours_bundle="$SHARE/ifd-readerkit-class.bundle"; p="$p-own-id" ;;
  esac
  if ! serve "$profile" "$sim"; then fail "$p:serve" "usbip list never showed 1-1"; continue; fi
  if ! attach; then fail "$p:attach" "$(tail -n1 attach.log)"; stop_server; continue; fi
  pass "$p:attach" "$(lsusb -d "$ID")"
  ext=""; case " $extra " in *" extended "*) ext=--extended ;; esac
  for driver in libccid ours; do
    bundle=""; [ "$driver" = ours ] && bundle="$ours_bundle"
    if [ "$own" = yes ] && [ "$driver" = libccid ]; then
      if start_pcscd "" "$p-libccid"; then
        fail "$p:libccid-leaves-own-id" "pcscd gave 1209:0001 to a driver: $(pcsc_scan -r 2>&1 | tail -n1)"
      else
        pass "$p:libccid-leaves-own-id" "no bundle lists 1209:0001; pcsc-lite matches by VID:PID only"
      fi
      stop_pcscd
      continue
    fi
    if start_pcscd "$bundle" "$p-$driver"; then
      case $sim in *slots=*)  # a multi-slot reader: one PC/SC reader per slot
        want=${sim##*slots=}; want=${want%%:*}
        sleep 1; got=$(pcsc_scan -r 2>/dev/null | grep -c '^[0-9]*: ')
        check "$p:$driver-slots" "$got of $want slots listed" [ "$got" -eq "$want" ] ;;
      esac
      readertest "$p:$driver-readertest" "$protocol" "$lengths" "$ext"
      timeout 60 /usr/bin/python3 pcsc_events_pyscard.py "" "$RK" "$SOCK" 3 > "events-$p-$driver.txt" 2>&1
      rc=$?
      check "$p:$driver-card-events" "$(tail -n1 "events-$p-$driver.txt")" [ $rc -eq 0 ]
      case " $extra " in *" pin "*)
        timeout 60 /usr/bin/python3 pin_pyscard.py "" "$RK" "$SOCK" > "pin-$p-$driver.txt" 2>&1
        rc=$?
        check "$p:$driver-pin-verify" "$(tail -n1 "pin-$p-$driver.txt")" [ $rc -eq 0 ] ;;
      esac
    else
      fail "$p:$driver-pcscd" "pcscd listed no reader"
    fi
    stop_pcscd
  done
  # Our CCID driver directly on the attached device.
  # T=0 at TPDU level: the client sends GET RESPONSE on 61xx; at APDU level the reader does.
  script=cli-t1.txt; want=expected-t1.txt
  if [ "$protocol" = T0 ]; then
    case $profile in
      tpdu*) script=cli.txt; want=expected.txt ;;
      *) script=cli-t0-apdu.txt ;;
    esac
  fi
  t0=$(now_ms)
  "$RK" --reader "usb:$ID" --json run "$script" > "direct-$p.json" 2> "direct-$p.err"
  t1=$(now_ms)
  cli_responses "direct-$p.json" > "direct-$p-got.txt"
  check "$p:ours-direct-readertest" "$(wc -l < "$want") exchanges in $((t1 - t0)) ms" \
    cmp -s "direct-$p-got.txt" "$want"
  detach || fail "$p:detach" "the device stayed on the bus"
  stop_server
done < profiles.txt

# Detach, re-attach and restart the server: the reader comes back each time.
ID=$LISTED
if serve apdu t1 && attach; then
  check "usbip:reattach-power" "ATR after attach" sh -c "\"$RK\" --reader usb:$ID power cold > p1.txt 2>&1"
  detach && attach
  check "usbip:reattach-again" "ATR after detach and attach" sh -c "\"$RK\" --reader usb:$ID power cold > p2.txt 2>&1"
  # A second importer is refused while the first holds the device.
  usbip attach -r 127.0.0.1 -b 1-1 > second.txt 2>&1
  rc=$?
  check "usbip:second-importer-refused" "$(grep -m1 . second.txt)" [ $rc -ne 0 ]
  detach
  stop_server
  if serve apdu t1 && attach; then
    check "usbip:server-restart" "ATR after a server restart" sh -c "\"$RK\" --reader usb:$ID power cold > p3.txt 2>&1"
    detach
  else
    fail "usbip:server-restart" "no attach after a restart"
  fi
  stop_server
else
  fail "usbip:reattach" "no attach"
fi
# A reader pcscd serves, exported through `pcsc:` (issue 17): pcscd serves the simulated reader
# through our handler from a reader.conf.d entry and has no USB driver, so it does not take the
# attached device itself; our CCID driver then runs readertest T=1 on the attached device.
mkdir -p /tmp/rconf
cat > /tmp/rconf/readerkit-sim <<CONF
FRIENDLYNAME "ReaderKit PCSC Sim"
DEVICENAME sim:profile=t1
LIBPATH $SHARE/ifd-readerkit.bundle/Contents/Linux/libifd-readerkit.so
CHANNELID 0
CONF
mount -t tmpfs tmpfs /usr/lib/pcsc/drivers
pcscd -f -c /tmp/rconf > pcscd-pcsc-export.log 2>&1 &
PCSCD_PID=$!
i=0
while [ $i -lt 100 ] && ! pcsc_scan -r 2>/dev/null | grep -q 'ReaderKit PCSC Sim'; do sleep 0.1; i=$((i + 1)); done
"$RK" usbip serve --reader "pcsc:ReaderKit PCSC" --usb-id "$ID" > serve-pcsc.log 2>&1 &
SERVER=$!
i=0
while [ $i -lt 100 ] && ! usbip list -r 127.0.0.1 2>/dev/null | grep -q '1-1'; do sleep 0.1; i=$((i + 1)); done
if attach; then
  "$RK" --reader "usb:$ID" --json run cli-t1.txt > direct-pcsc.json 2> direct-pcsc.err
  cli_responses direct-pcsc.json > direct-pcsc-got.txt
  check "usbip:pcsc-reader-exported" "$(wc -l < expected-t1.txt) exchanges through pcsc: and USB/IP" \
    cmp -s direct-pcsc-got.txt expected-t1.txt
  detach
else
  fail "usbip:pcsc-reader-exported" "no attach: $(tail -n2 serve-pcsc.log | tr '\n' ' ')"
fi
stop_server
stop_pcscd
finish
