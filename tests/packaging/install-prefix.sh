#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An install to a prefix writes nothing outside it (DESTDIR staging, every file listed),
# the .pc file names that prefix, and the defaults install no simulated reader entry and no
# USB bundle claiming readers.  Usage: install-prefix.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: install-prefix.sh BUILD_DIR}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
prefix=/opt/readerkit-check
DESTDIR=$stage cmake --install "$build" --prefix "$prefix" >/dev/null
fail=0
outside=$(cd "$stage" && find . \( -type f -o -type l \) ! -path ".$prefix/*")
if [[ -n "$outside" ]]; then
  echo "FAIL: installed outside $prefix:"; echo "$outside"; fail=1
fi
echo "installed $(cd "$stage" && find . -type f | wc -l) files"
pc=$(find "$stage$prefix" -name readerkit.pc)
if ! grep -qx "prefix=$prefix" "$pc"; then
  echo "FAIL: $pc does not say prefix=$prefix:"; cat "$pc"; fail=1
fi
if find "$stage" -path '*reader.conf.d/*' | grep -q .; then
  echo "FAIL: a reader.conf.d entry was installed without READERKIT_INSTALL_SIM_READER=ON"; fail=1
fi
if find "$stage" -name Info.plist | grep -q .; then
  echo "FAIL: a USB bundle was installed without READERKIT_USB_BUNDLE_IDS"; fail=1
fi
handlers=$(find "$stage" -name 'libifd-readerkit.so*' | wc -l)
if [[ "$handlers" != 1 ]]; then
  echo "FAIL: the handler is installed $handlers times (want once)"; fail=1
fi
exit "$fail"
