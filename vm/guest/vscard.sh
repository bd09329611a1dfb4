# Guest suite with our simulated card behind QEMU's reader (ccid-vscard-card on the host).
. /mnt/share/lib.sh
cd "$SHARE" || exit 1
HC=$(cat "$SHARE/hc" 2>/dev/null || echo uhci)

check "$HC:enumerate-lsusb" "08e6:4433 on the bus" sh -c 'lsusb -d 08e6:4433 > /dev/null'
"$RK" --json list > list.json 2> list.err
check "$HC:ours-list-descriptor" "dwFeatures 0x000104FE, TPDU, T=0" \
  sh -c 'grep -q "\"dwFeatures\":\"0x000104FE\"" list.json && grep -q "\"exchange_level\":\"TPDU\"" list.json && grep -q "\"protocols\":\[\"T=0\"\]" list.json'

# Power cycle and ATR.
"$RK" --reader "$READER" --json power cold > power.json 2>&1
check "$HC:ours-power-atr" "ATR $(cat atr.txt)" grep -q "\"output\":\"$(cat atr.txt)\"" power.json
"$RK" --reader "$READER" --json run power-cycle.txt > power-cycle.json 2>&1
check "$HC:ours-power-cycle" "cold, down, warm, cold" \
  sh -c '[ "$(grep -c "\"status\":\"STATUS_SUCCESS\"" power-cycle.json)" -eq 4 ]'

# readertest cases 1-4, lengths 1..256, the client sending GET RESPONSE.
t0=$(now_ms)
"$RK" --reader "$READER" --json run cli.txt > cli-out.json 2> cli-out.err
t1=$(now_ms)
cli_responses cli-out.json > cli-got.txt
check "$HC:ours-readertest-t0" "$(wc -l < expected.txt) exchanges in $((t1 - t0)) ms" \
  cmp -s cli-got.txt expected.txt

# Removal and reinsertion through the interrupt endpoint.
ms=$(tracking_latency IS_ABSENT remove) && [ "$ms" -lt 100 ] &&
  pass "$HC:ours-removal-event" "${ms} ms" || fail "$HC:ours-removal-event" "${ms:-none} ms"
ms=$(tracking_latency IS_PRESENT insert) && [ "$ms" -lt 100 ] &&
  pass "$HC:ours-insertion-event" "${ms} ms" || fail "$HC:ours-insertion-event" "${ms:-none} ms"

# The same exchanges through pcscd, first with our handler, then with Debian's libccid.
for driver in ours libccid; do
  bundle=""; [ "$driver" = ours ] && bundle="$SHARE/ifd-readerkit.bundle"
  if start_pcscd "$bundle" "$HC-$driver"; then
    pcsc_scan -r > "readers-$driver.txt" 2>&1
    t0=$(now_ms)
    timeout 120 scriptor < scriptor.txt > "scriptor-$driver.txt" 2>&1
    t1=$(now_ms)
    scriptor_responses "scriptor-$driver.txt" > "scriptor-$driver-got.txt"
    check "$HC:$driver-pcscd-readertest-t0" "$(wc -l < "scriptor-$driver-got.txt") of $(wc -l < expected.txt) answers right in $((t1 - t0)) ms" \
      cmp -s "scriptor-$driver-got.txt" expected.txt
  else
    fail "$HC:$driver-pcscd-reader" "pcscd listed no reader"
  fi
  stop_pcscd
done
finish
