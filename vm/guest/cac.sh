# SPDX-License-Identifier: MIT
# Guest suite with QEMU's emulated CAC card (libcacard, NSS database on the host).
. /mnt/share/lib.sh
cd "$SHARE" || exit 1
CAC_ATR=3B7A18000073667465206364313434

"$RK" --reader "$READER" --json power cold > power.json 2>&1
check "cac:ours-power-atr" "ATR $CAC_ATR" grep -q "\"output\":\"$CAC_ATR\"" power.json
"$RK" --reader "$READER" --json run cac-select.txt > cac-select.json 2>&1
check "cac:ours-apdu" "SELECT CAC applet answered 9000 or 61xx" \
  grep -q '"sw":"\(9000\|61..\)"' cac-select.json

for driver in ours libccid; do
  bundle=""; [ "$driver" = ours ] && bundle="$SHARE/ifd-readerkit.bundle"
  if start_pcscd "$bundle" "cac-$driver"; then
    timeout 120 pkcs11-tool -O > "pkcs11-$driver.txt" 2>&1
    n=$(grep -c 'Certificate Object' "pkcs11-$driver.txt")
    check "cac:$driver-pkcs11-objects" "$n certificate objects" [ "$n" -ge 3 ]
  else
    fail "cac:$driver-pcscd-reader" "pcscd listed no reader"
  fi
  stop_pcscd
done
finish
