#!/usr/bin/env bash
# Wraps libifd-readerkit.so in a pcscd USB driver bundle that claims QEMU's reader (08e6:4433),
# so pcscd's hotplug loads our handler for it and passes DEVICENAME usb:08e6/4433:libudev:...
# Usage: vm/make-bundle.sh LIBIFD.so OUTDIR   (creates OUTDIR/ifd-readerkit.bundle)
set -euo pipefail
so=${1:?usage: make-bundle.sh LIBIFD.so OUTDIR}
out=${2:?usage: make-bundle.sh LIBIFD.so OUTDIR}/ifd-readerkit.bundle
rm -rf "$out"
mkdir -p "$out/Contents/Linux"
cp "$so" "$out/Contents/Linux/libifd-readerkit.so"
# One template with the cmake --install bundle (ifdhandler/Info.plist.in).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(sed -n 's/^project(ReaderKit VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
sed "s/@PROJECT_VERSION@/$version/g" "$root/ifdhandler/Info.plist.in" > "$out/Contents/Info.plist"
