#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the QEMU CCID rig (docs/ccid.md "The VM rig") from Debian packages only and caches it:
#   CACHE/vmlinuz, CACHE/initrd.img   kernel and a busybox initramfs with the USB/9p modules
#   CACHE/rootfs/                     debootstrap minbase root (pcscd, libccid, opensc, ...)
#   CACHE/stamp                       hash of this script and guest-init.sh; equal = up to date
# Usage: vm/build-rig.sh CACHE_DIR     (prints nothing and exits 0 when the cache is current)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${1:?usage: build-rig.sh CACHE_DIR}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
stamp=$(cat "$here/build-rig.sh" "$here/guest-init.sh" | sha256sum | cut -c1-16)
if [[ -f $cache/stamp && $(cat "$cache/stamp") == "$stamp" ]]; then
  exit 0
fi
rm -f "$cache/stamp"
start=$(date +%s)
work=$cache/work
rm -rf "$work" && mkdir -p "$work"

# --- kernel: the standard (non-cloud) image, unpacked, not installed -----------------------
kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
[[ -n $kpkg ]] || { apt-get update -qq && kpkg=$(apt-cache depends linux-image-amd64 |
  awk '/Depends: linux-image-/{print $2; exit}'); }
(cd "$work" && apt-get download -qq "$kpkg" 2>&1 | grep -v "unsandboxed" >&2 || true)
dpkg-deb -x "$work"/linux-image-*.deb "$work/kernel"
kver=${kpkg#linux-image-}
depmod -b "$work/kernel" "$kver"  # the package ships no modules.dep; depmod makes it
cp "$work/kernel/boot/vmlinuz-$kver" "$cache/vmlinuz"

# --- initramfs: busybox + the modules for UHCI/xHCI, virtio, 9p and the USB/IP client
# (vhci-hcd, for the usbip scenarios), in modules.dep order ---
wanted=(usb-common usbcore ehci-hcd uhci-hcd xhci-hcd xhci-pci virtio_ring virtio
        virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet
        9pnet_virtio 9p usbip-core vhci-hcd)
moddir=$work/kernel/lib/modules/$kver
ird=$work/initramfs
mkdir -p "$ird"/{bin,lib/modules,proc,sys,dev,newroot}
cp /bin/busybox "$ird/bin/busybox"
# modules.dep lists each module's dependencies; emit dependencies first, each once.
declare -A seen=()
order=()
add_module() {
  local path=$1 dep
  [[ -n ${seen[$path]:-} ]] && return
  seen[$path]=1
  for dep in $(awk -v m="$path:" '$1 == m { $1 = ""; print }' "$moddir/modules.dep"); do
    add_module "$dep"
  done
  order+=("$path")
}
for name in "${wanted[@]}"; do
  alt=${name//-/_}
  path=$(awk -F: -v a="/$name.ko" -v b="/$alt.ko" \
    '{ p = $1; sub(/\.xz$|\.zst$/, "", p) }
     substr(p, length(p) - length(a) + 1) == a || substr(p, length(p) - length(b) + 1) == b \
     { print $1; exit }' "$moddir/modules.dep")
  [[ -n $path ]] || { echo "build-rig: module $name not in $kpkg (built in?)" >&2; continue; }
  add_module "$path"
done
: > "$ird/modules.order"
for path in "${order[@]}"; do
  base=$(basename "$path")
  case $base in
    *.xz) xz -dc "$moddir/$path" > "$ird/lib/modules/${base%.xz}"; base=${base%.xz} ;;
    *.zst) zstd -qdc "$moddir/$path" > "$ird/lib/modules/${base%.zst}"; base=${base%.zst} ;;
    *) cp "$moddir/$path" "$ird/lib/modules/$base" ;;
  esac
  echo "$base" >> "$ird/modules.order"
done
cat > "$ird/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
while read -r m; do insmod "/lib/modules/$m" 2>/dev/null || echo "initramfs: insmod $m failed"; done < /modules.order
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 rootfs /newroot || {
  echo "initramfs: cannot mount the 9p root"; poweroff -f; }
umount /proc /sys /dev
exec switch_root /newroot /usr/local/sbin/rk-init
INIT
chmod +x "$ird/init"
(cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1) > "$cache/initrd.img"

# --- root filesystem: Debian minbase with the PC/SC stack -----------------------------------
# The mirror apt itself uses (the first bookworm main index it knows).
mirror=$(apt-get indextargets --format '$(URI)' 2>/dev/null |
  sed -n 's#/dists/bookworm/main/.*##p' | head -n1 || true)
rm -rf "$cache/rootfs"
debootstrap --variant=minbase \
  --include=pcscd,libccid,pcsc-tools,opensc,usbutils,kmod,udev,procps,libusb-1.0-0,usbip,python3-pyscard \
  bookworm "$cache/rootfs" "${mirror:-http://deb.debian.org/debian}" > "$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2; exit 1; }
rm -rf "$cache"/rootfs/var/cache/apt/archives/*.deb "$cache"/rootfs/var/lib/apt/lists/*
install -m 0755 "$here/guest-init.sh" "$cache/rootfs/usr/local/sbin/rk-init"
install -m 0755 /bin/busybox "$cache/rootfs/usr/local/bin/busybox"
mkdir -p "$cache/rootfs/mnt/share"

rm -rf "$work"
echo "$stamp" > "$cache/stamp"
echo "build-rig: built in $(( $(date +%s) - start )) s ($kpkg)" >&2
