#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs every Debian package ReaderKit needs to build and test; a no-op when all are present.
# Usage: scripts/install-deps.sh [--vm]   (--vm adds the QEMU CCID rig's packages)
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev nlohmann-json3-dev
  clang libclang-rt-14-dev valgrind
  pcscd libpcsclite-dev pcsc-tools libccid opensc
  python3-pyscard python3-pytest
  vsmartcard-vpcd python3-virtualsmartcard python3-pycryptodome vsmartcard-vpicc
  libusb-1.0-0-dev iproute2 util-linux procps
  debhelper lintian ccache tshark usbip
)
if [[ "${1:-}" == "--vm" ]]; then
  packages+=(qemu-system-x86 qemu-utils debootstrap busybox-static libnss3-tools cpio kmod)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
