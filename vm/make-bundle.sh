#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Wraps libifd-readerkit.so in a test-only pcscd USB driver bundle that claims QEMU's reader
# (08e6:4433), so pcscd's hotplug in the VM loads our handler for it and passes DEVICENAME
# usb:08e6/4433:libudev:... (08e6:4433 is also a real Gemalto reader libccid serves: the
# installed bundle claims it only when asked, -DREADERKIT_USB_BUNDLE_IDS=08e6:4433).
# With --class the bundle is pcscd's CCID class driver instead (CFBundleName CCIDCLASSDRIVER,
# as -DREADERKIT_USB_BUNDLE_CLASS_DRIVER=ON installs it): it also takes CCID interfaces no
# bundle claims by VID:PID.
# Usage: vm/make-bundle.sh LIBIFD.so OUTDIR [--class]   (creates OUTDIR/ifd-readerkit.bundle,
#        or OUTDIR/ifd-readerkit-class.bundle with --class)
set -euo pipefail
so=${1:?usage: make-bundle.sh LIBIFD.so OUTDIR [--class]}
name=ifd-readerkit
[[ ${3:-} == --class ]] && name=CCIDCLASSDRIVER
bundle=ifd-readerkit.bundle
[[ ${3:-} == --class ]] && bundle=ifd-readerkit-class.bundle
out=${2:?usage: make-bundle.sh LIBIFD.so OUTDIR [--class]}/$bundle
rm -rf "$out"
mkdir -p "$out/Contents/Linux"
cp "$so" "$out/Contents/Linux/libifd-readerkit.so"
# One template with the cmake --install bundle (ifdhandler/Info.plist.in).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(sed -n 's/^project(ReaderKit VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
plist=$(<"$root/ifdhandler/Info.plist.in")
plist=${plist//@PROJECT_VERSION@/$version}
plist=${plist//@BUNDLE_NAME@/$name}
vendors=$'\t\t<string>0x08E6</string>\n'
products=$'\t\t<string>0x4433</string>\n'
names=$'\t\t<string>ReaderKit CCID (QEMU USB CCID)</string>\n'
if [[ $name == CCIDCLASSDRIVER ]]; then  # and ReaderKit's own USB/IP identity, as cmake adds it
  vendors+=$'\t\t<string>0x1209</string>\n'
  products+=$'\t\t<string>0x0001</string>\n'
  names+=$'\t\t<string>ReaderKit CCID 1209:0001</string>\n'
fi
plist=${plist//@BUNDLE_VENDOR_IDS@/$vendors}
plist=${plist//@BUNDLE_PRODUCT_IDS@/$products}
plist=${plist//@BUNDLE_FRIENDLY_NAMES@/$names}
printf '%s\n' "$plist" >"$out/Contents/Info.plist"
