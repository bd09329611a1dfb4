#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a command in a private network namespace with loopback up and a default route through
# it: ports used by the vpcd tests cannot collide with anything else, and vicc's reversed mode
# works without a real network (vicc -R learns its "local IP" by connecting a UDP socket to
# 8.8.8.8, which needs some default route; nothing is ever sent).
# Usage: tests/vpcd/netns-run.sh COMMAND [ARG...]
set -euo pipefail
if [[ "${1:-}" != "--inside" ]]; then
  ns=(--net)
  [[ $(id -u) -eq 0 ]] || ns+=(--user --map-root-user)
  exec unshare "${ns[@]}" -- "${BASH_SOURCE[0]}" --inside "$@"
fi
shift
ip link set lo up
ip route add default dev lo
exec "$@"
