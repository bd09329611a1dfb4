#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a command beside a private pcscd that serves readers through ReaderKit's IFD handler
# from the build tree, isolated from any system pcscd (docs/contract/ifdhandler.md, "Running a
# private pcscd"): new network, mount and PID namespaces with their own /proc, tmpfs on
# /run/pcscd (the daemon's fixed socket) and on /run/readerkit (control sockets, the reader definitions). When the
# command ends, pcscd gets SIGTERM (it must close its readers and exit within 10 s); the PID
# namespace then guarantees that nothing started inside outlives the sandbox.
#
# Usage: scripts/pcscd-sandbox.sh [options] [--] COMMAND [ARG...]
#   --conf DIR|FILE   reader definitions (default: one simulated reader, see below); in every
#                     file @HANDLER@ becomes the handler path and @RUN@ becomes /run/readerkit
#   --handler PATH    libifd-readerkit.so (default: $READERKIT_IFD_HANDLER, else
#                     BUILD/ifdhandler/libifd-readerkit.so with BUILD = $READERKIT_BUILD_DIR or build)
#   --log FILE        pcscd's output (default: a temporary file, shown when pcscd fails)
#   --debug           pcscd -d -a (the handler's IOCTL trace and every APDU in the log)
# Inside, the command sees READERKIT_RUN_DIR=/run/readerkit and READERKIT_PCSCD_LOG=FILE.
# READERKIT_PCSCD_PRELOAD=LIB runs pcscd with LD_PRELOAD=LIB: the sanitizer runtime of a handler
# built with READERKIT_SANITIZE=address,... (pcscd itself is not instrumented). Then a sanitizer
# report in pcscd's log (AddressSanitizer, LeakSanitizer, UBSan "runtime error") fails the run;
# pcscd's own leaks are suppressed (scripts/pcscd-lsan.supp).
# Exit status: the command's; 3 when pcscd does not start or does not stop in time; 4 when a
# sanitizer reported in pcscd; 2 usage.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run_dir=/run/readerkit
start_timeout_s=10
stop_timeout_s=10

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

# --- outside: parse options, then re-enter this script in fresh namespaces ----------------
if [[ "${1:-}" != "--inside" ]]; then
  conf="" handler="${READERKIT_IFD_HANDLER:-}" log="" debug=0
  while (($#)); do
    case "$1" in
      --conf) conf=$(realpath "$2"); shift 2 ;;
      --handler) handler=$(realpath "$2"); shift 2 ;;
      --log) log=$(realpath -m "$2"); shift 2 ;;
      --debug) debug=1; shift ;;
      --) shift; break ;;
      -h|--help) usage ;;
      -*) echo "pcscd-sandbox: unknown option $1" >&2; usage ;;
      *) break ;;
    esac
  done
  (($#)) || usage
  [[ -n "$handler" ]] || handler="$root/${READERKIT_BUILD_DIR:-build}/ifdhandler/libifd-readerkit.so"
  [[ -f "$handler" ]] || { echo "pcscd-sandbox: no handler at $handler (build target ifd-readerkit)" >&2; exit 2; }
  [[ -z "$conf" || -e "$conf" ]] || { echo "pcscd-sandbox: no such conf $conf" >&2; exit 2; }
  keep_log=1
  if [[ -z "$log" ]]; then log=$(mktemp /tmp/pcscd-sandbox.XXXXXX.log); keep_log=0; fi
  ns=(--net --mount --propagation private --pid --fork --kill-child)
  [[ $(id -u) -eq 0 ]] || ns+=(--user --map-root-user)
  set +e
  unshare "${ns[@]}" -- "${BASH_SOURCE[0]}" --inside "$handler" "$conf" "$log" "$debug" "$@"
  rc=$?
  set -e
  ((keep_log)) || rm -f "$log"
  exit "$rc"
fi

# --- inside: PID 1 of the new PID namespace ----------------------------------------------
shift
handler=$1 conf=$2 log=$3 debug=$4
shift 4

ip link set lo up
# A /proc of this PID namespace: without it /proc still shows the host's processes, so
# /proc/self names another process and tools that read it (LeakSanitizer, ps, pgrep) fail.
mount -t proc -o nosuid,nodev,noexec proc /proc
mkdir -p /run/pcscd "$run_dir"
mount -t tmpfs -o mode=0755 tmpfs /run/pcscd
mount -t tmpfs -o mode=0755 tmpfs "$run_dir"

# Reader definitions: the given ones with placeholders filled in, or one simulated reader.
mkdir "$run_dir/reader.conf.d"
if [[ -z "$conf" ]]; then
  cat >"$run_dir/reader.conf.d/readerkit-sim" <<EOF
FRIENDLYNAME "ReaderKit Simulated Reader"
DEVICENAME   sim:profile=default:control=$run_dir/sim0.sock
LIBPATH      $handler
CHANNELID    0
EOF
else
  files=("$conf")
  [[ -d "$conf" ]] && files=("$conf"/*)
  for f in "${files[@]}"; do
    [[ -f "$f" ]] || continue
    sed -e "s|@HANDLER@|$handler|g" -e "s|@RUN@|$run_dir|g" "$f" >"$run_dir/reader.conf.d/$(basename "$f")"
  done
fi

flags=(-f -c "$run_dir/reader.conf.d")
((debug)) && flags+=(-d -a)
preload=()
[[ -n "${READERKIT_PCSCD_PRELOAD:-}" ]] &&
  preload=(env "LD_PRELOAD=$READERKIT_PCSCD_PRELOAD"
    "LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$root/scripts/pcscd-lsan.supp")
"${preload[@]}" pcscd "${flags[@]}" >"$log" 2>&1 </dev/null &
pcscd_pid=$!

fail() { echo "pcscd-sandbox: $*" >&2; echo "--- pcscd log ($log)" >&2; tail -n 40 "$log" >&2; }

stop_pcscd() {
  kill -0 "$pcscd_pid" 2>/dev/null || return 0
  kill -TERM "$pcscd_pid" 2>/dev/null || true
  for ((i = 0; i < stop_timeout_s * 10; i++)); do
    kill -0 "$pcscd_pid" 2>/dev/null || { wait "$pcscd_pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  fail "pcscd did not stop within ${stop_timeout_s} s of SIGTERM; killing it"
  kill -KILL "$pcscd_pid" 2>/dev/null || true
  wait "$pcscd_pid" 2>/dev/null || true
  return 1
}

for ((i = 0; i < start_timeout_s * 20; i++)); do
  [[ -S /run/pcscd/pcscd.comm ]] && break
  kill -0 "$pcscd_pid" 2>/dev/null || { fail "pcscd exited at start"; exit 3; }
  sleep 0.05
done
if [[ ! -S /run/pcscd/pcscd.comm ]]; then
  fail "pcscd did not create its socket within ${start_timeout_s} s"
  stop_pcscd || true
  exit 3
fi

set +e
READERKIT_RUN_DIR=$run_dir READERKIT_PCSCD_LOG=$log "$@"
rc=$?
set -e
if ! stop_pcscd; then
  ((rc)) || rc=3
fi
if [[ -n "${READERKIT_PCSCD_PRELOAD:-}" ]] &&
  grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log"; then
  echo "pcscd-sandbox: sanitizer report in pcscd's log:" >&2
  grep -E -A30 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log" | head -n 80 >&2
  ((rc)) || rc=4
fi
exit "$rc"
