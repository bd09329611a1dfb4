#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds ReaderKit's Debian packages (libreaderkit0, libreaderkit-dev, readerkit,
# libifd-readerkit) with `dpkg-buildpackage -us -uc -b` in a copy of the source tree, copies
# the .debs to OUTDIR and runs lintian on them (fails on any lintian error).
# Usage: scripts/build-debs.sh OUTDIR   (READERKIT_DEB_CMAKE_ARGS: extra configure options)
set -euo pipefail
out=$(mkdir -p "${1:?usage: build-debs.sh OUTDIR}" && cd "$1" && pwd)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/readerkit"
# The files git knows, as a source package would hold them (no build trees).
(cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work/readerkit")
(cd "$work/readerkit" && DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
  dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || { tail -40 "$work/build.log"; exit 1; }
cp "$work"/*.deb "$out"/
ls -l "$out"/*.deb
# lintian: errors fail the build; warnings are printed for review.
lintian --no-tag-display-limit "$out"/*.deb | tee "$out/lintian.txt"
if grep -q '^E:' "$out/lintian.txt"; then
  echo "build-debs: lintian reports errors" >&2
  exit 1
fi
