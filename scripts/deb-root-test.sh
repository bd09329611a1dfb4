#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs ReaderKit's .debs into a clean Debian 12 root and checks, as a user would after
# `apt install libifd-readerkit readerkit`: a reader the user adds to /etc/reader.conf.d is
# served by pcscd (the handler's version line in pcscd's log), `pcsc_scan -r` in the root and
# pyscard (the host's, through the root's pcscd socket) list it, and `readerkit` runs.
# The clean root is the VM rig's debootstrap root (vm/build-rig.sh, cached in CACHE/rootfs),
# used read-only under an overlay: the cache is never modified.
# Usage: scripts/deb-root-test.sh DEBDIR [CACHE]   (CACHE default build/vm-cache)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ "${1:-}" != "--inside" ]]; then
  debs=$(cd "${1:?usage: deb-root-test.sh DEBDIR [CACHE]}" && pwd)
  cache=${2:-$root/build/vm-cache}
  "$root/vm/build-rig.sh" "$cache"
  exec unshare --mount --propagation private --pid --net --fork --kill-child -- \
    "${BASH_SOURCE[0]}" --inside "$debs" "$(cd "$cache" && pwd)/rootfs"
fi
debs=$2 lower=$3
version=$(sed -n 's/^project(ReaderKit VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
tmp=$(mktemp -d)
mount -t tmpfs tmpfs "$tmp"
mkdir "$tmp"/{upper,work,merged}
mount -t overlay overlay -o "lowerdir=$lower,upperdir=$tmp/upper,workdir=$tmp/work" "$tmp/merged"
r=$tmp/merged
mount -t proc proc "$r/proc"
mount --rbind /dev "$r/dev"
mount --rbind /sys "$r/sys"
mount -t tmpfs tmpfs "$r/run"
mount -t tmpfs tmpfs "$r/tmp"
ip link set lo up 2>/dev/null || true

echo "--- dpkg -i (clean root: $(chroot "$r" dpkg-query -W -f='${Package}\n' | wc -l) packages)"
mkdir "$r/tmp/debs" && cp "$debs"/*.deb "$r/tmp/debs/"
chroot "$r" sh -c 'dpkg -i /tmp/debs/libreaderkit0_*.deb /tmp/debs/readerkit_*.deb \
  /tmp/debs/libifd-readerkit_*.deb' >/dev/null
chroot "$r" readerkit --version | grep -qx "readerkit $version"
chroot "$r" readerkit --reader sim:profile=t1 status >/dev/null
test ! -e "$r/etc/reader.conf.d/readerkit-sim" || { echo "FAIL: the package configures a reader"; exit 1; }

echo "--- a reader configured by the user"
cat >"$r/etc/reader.conf.d/my-reader" <<CONF
FRIENDLYNAME "My ReaderKit Reader"
DEVICENAME   sim:profile=t1
LIBPATH      /usr/lib/pcsc/drivers/serial/libifd-readerkit.so
CHANNELID    0
CONF
chroot "$r" /usr/sbin/pcscd -f -d >"$tmp/pcscd.log" 2>&1 &
for _ in $(seq 100); do [[ -S $r/run/pcscd/pcscd.comm ]] && break; sleep 0.1; done
[[ -S $r/run/pcscd/pcscd.comm ]] || { cat "$tmp/pcscd.log"; echo "FAIL: pcscd did not start"; exit 1; }
fail=0
scan=$(chroot "$r" timeout 10 pcsc_scan -r 2>&1) || true
echo "$scan"
grep -q "My ReaderKit Reader" <<<"$scan" || { echo "FAIL: pcsc_scan -r"; fail=1; }
mkdir -p /run/pcscd && mount --bind "$r/run/pcscd" /run/pcscd
py=$(timeout 10 /usr/bin/python3 -c 'from smartcard.System import readers; print(readers())' 2>&1) || true
echo "pyscard: $py"
grep -q "My ReaderKit Reader" <<<"$py" || { echo "FAIL: pyscard"; fail=1; }
grep -q "ReaderKit IFD handler $version loaded" "$tmp/pcscd.log" ||
  { echo "FAIL: no handler version line in pcscd's log"; fail=1; }
((fail == 0)) || tail -30 "$tmp/pcscd.log"
exit "$fail"
