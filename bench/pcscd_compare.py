#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""APDUs per second through pcscd: ReaderKit's IFD handler on the simulated reader beside a
minimal IFD handler that answers every APDU with 90 00 at once, in one private pcscd, same run;
and beside the same minimal handler answering with the data our card returns ("sized").

Usage: bench/pcscd_compare.py [--build DIR] [--handler SO] [--minimal SO] [--rounds N]
                              [--count N] [--json]
  --build DIR   build tree holding ifdhandler/libifd-readerkit.so and
                tests/pcsc/minimal_ifd/libifd-minimal{,-sized}.so (default: build)
Workloads of the readertest application (docs/contract/readertest.md) over T=1: case 1
(80 30 00 00) and case 4 with 255 bytes each way (80 36 00 FF FF 00 01 .. FE FF), the two of
issue 16; and case 3 with 255 bytes (80 32 00 00 FF 00 01 .. FE), which moves exactly what the
minimal handler's exchange moves through pcscd and so tells the handler's share of case 4 from
the cost of carrying its 255-byte answer back to the client. For each, after
a warm-up, N rounds per reader, the readers alternating round by round (the first reader of a
round alternating too). A round is COUNT SCardTransmit calls; every answer is checked (ours: the
pattern and 90 00, the minimal handler: 90 00) and any wrong one fails the run (exit 1). The
figures per reader and workload: the median over rounds of COUNT / (time inside SCardTransmit),
the median single-APDU latency over all rounds, and the median over rounds of the CPU time
pcscd's threads (the handler's included) spent per APDU, from /proc/PID/task/*/schedstat, which
a busy machine disturbs less than wall time; then ours / minimal. Whether the target of
issue 16 is met (ours' median latency within 10 % of the minimal handler's: the steadier figure,
as a burst of load elsewhere slows a whole round) is printed, never judged: on a shared machine
the times are noisy (docs/performance.md, "Through pcscd")."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from pcsc_client import wait_present  # noqa: E402
OURS = "ReaderKit sim 00 00"
MINIMAL = "Minimal IFD 00 00"
SIZED = "Minimal IFD sized 00 00"
READERS = (OURS, MINIMAL, SIZED)
TARGET = 1.10  # ours' median latency at most 10 % above the minimal handler's
WARM_UP = 20
PCSCD_PID_FILE = "/run/pcscd/pcscd.pid"

PATTERN_255 = list(range(255))
# (name, command, our expected answer, which the sized minimal reader gives too); the minimal
# handler's answer is always 90 00.
WORKLOADS = [
    ("case 1", [0x80, 0x30, 0x00, 0x00], [0x90, 0x00]),
    ("case 3, 255 bytes", [0x80, 0x32, 0x00, 0x00, 0xFF] + PATTERN_255, [0x90, 0x00]),
    ("case 4, 255 bytes", [0x80, 0x36, 0x00, 0xFF, 0xFF] + PATTERN_255 + [0xFF],
     PATTERN_255 + [0x90, 0x00]),
]


class Failure(Exception):
    """A reader answered wrongly or could not be used: the run fails."""


def write_confs(folder, minimal, sized):
    with open(os.path.join(folder, "10-readerkit-sim"), "w") as f:
        f.write('FRIENDLYNAME "ReaderKit sim"\nDEVICENAME   sim:profile=default\n'
                "LIBPATH      @HANDLER@\nCHANNELID    0\n")
    with open(os.path.join(folder, "20-minimal"), "w") as f:
        # No DEVICENAME: pcscd would want a file of that name; it opens the channel by CHANNELID.
        f.write('FRIENDLYNAME "Minimal IFD"\nLIBPATH      %s\nCHANNELID    0\n' % minimal)
    with open(os.path.join(folder, "30-minimal-sized"), "w") as f:
        f.write('FRIENDLYNAME "Minimal IFD sized"\nLIBPATH      %s\nCHANNELID    0\n' % sized)


def outside(args):
    """Re-runs this script inside a private pcscd serving both readers."""
    build = os.path.abspath(args.build)
    handler = args.handler or os.path.join(build, "ifdhandler", "libifd-readerkit.so")
    minimal = args.minimal or os.path.join(build, "tests", "pcsc", "minimal_ifd",
                                           "libifd-minimal.so")
    sized = os.path.join(os.path.dirname(minimal), "libifd-minimal-sized.so")
    for path, target in ((handler, "ifd-readerkit"), (minimal, "minimal-ifd"),
                         (sized, "minimal-sized-ifd")):
        if not os.path.isfile(path):
            print(f"pcscd_compare: no {path} (build target {target})", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="pcscd-compare-") as confs:
        write_confs(confs, os.path.abspath(minimal), os.path.abspath(sized))
        cmd = [os.path.join(ROOT, "scripts", "pcscd-sandbox.sh"), "--conf", confs, "--handler",
               os.path.abspath(handler), "--", "/usr/bin/python3", os.path.abspath(__file__),
               "--inside", "--rounds", str(args.rounds), "--count", str(args.count)]
        if args.json:
            cmd.append("--json")
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        return subprocess.call(cmd, env=env)


def connect(ctx, scard, reader, timeout=30.0):
    if not wait_present(ctx, scard, reader, timeout):
        raise Failure(f"no card in {reader} within {timeout:.0f} s")
    rc, card, protocol = scard.SCardConnect(ctx, reader, scard.SCARD_SHARE_SHARED,
                                            scard.SCARD_PROTOCOL_T1)
    if rc != scard.SCARD_S_SUCCESS or protocol != scard.SCARD_PROTOCOL_T1:
        raise Failure(f"cannot connect to {reader} with T=1: {rc:#x}, protocol {protocol}")
    return card


def mismatch(response, expected):
    """Where a wrong answer first differs from the expected one."""
    for i, (got, want) in enumerate(zip(response, expected)):
        if got != want:
            return f"byte {i} is {got:02X}, expected {want:02X}"
    return f"answer of {len(response)} bytes, expected {len(expected)}"


def pcscd_cpu_ns(pid):
    """CPU time run so far by all of pcscd's threads (schedstat: nanoseconds on the CPU)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:  # a thread that ended since the listing
            pass
    return total


def run_round(scard, card, reader, apdu, expected, count, pid):
    """COUNT checked exchanges; returns APDU/s inside SCardTransmit, each latency and the
    CPU time pcscd spent per APDU."""
    latencies = [0.0] * count
    cpu_before = pcscd_cpu_ns(pid)
    clock = time.perf_counter
    for i in range(count):
        t0 = clock()
        rc, response = scard.SCardTransmit(card, scard.SCARD_PCI_T1, apdu)
        latencies[i] = clock() - t0
        if rc != scard.SCARD_S_SUCCESS:
            raise Failure(f"{reader}: APDU {i} of a round failed: {rc:#x}")
        if response != expected:
            raise Failure(f"{reader}: APDU {i} of a round: {mismatch(response, expected)}")
    cpu_per_apdu = (pcscd_cpu_ns(pid) - cpu_before) / count
    return count / sum(latencies), latencies, cpu_per_apdu


def measure(scard, cards, workload, args, pid):
    """One workload: warm-up, then the rounds, readers alternating. Per reader: rates, latencies
    and pcscd's CPU time per APDU, one list each."""
    _, apdu, ours_expected = workload
    expected = {OURS: ours_expected, MINIMAL: [0x90, 0x00], SIZED: ours_expected}
    for reader in READERS:
        run_round(scard, cards[reader], reader, apdu, expected[reader], WARM_UP, pid)
    rates = {reader: [] for reader in READERS}
    latencies = {reader: [] for reader in READERS}
    cpu = {reader: [] for reader in READERS}
    for round_index in range(args.rounds):
        shift = round_index % len(READERS)  # each reader goes first in turn
        order = READERS[shift:] + READERS[:shift]
        for reader in order:
            rate, lat, cpu_ns = run_round(scard, cards[reader], reader, apdu, expected[reader],
                                          args.count, pid)
            rates[reader].append(rate)
            latencies[reader].extend(lat)
            cpu[reader].append(cpu_ns)
    return rates, latencies, cpu


def inside(args):
    try:
        from smartcard import scard
    except ImportError as e:
        print(f"pcscd_compare: pyscard is missing (python3-pyscard): {e}", file=sys.stderr)
        return 1
    with open(PCSCD_PID_FILE) as f:  # pcscd ends the number with a NUL byte
        pid = int(f.read().replace("\0", " ").split()[0])
    load_before = os.getloadavg()
    rc, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if rc != scard.SCARD_S_SUCCESS:
        print(f"pcscd_compare: no PC/SC context: {rc:#x}", file=sys.stderr)
        return 1
    try:
        cards = {reader: connect(ctx, scard, reader) for reader in READERS}
        results = {w[0]: measure(scard, cards, w, args, pid) for w in WORKLOADS}
        for card in cards.values():
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    except Failure as e:
        print(f"pcscd_compare: FAIL: {e}", file=sys.stderr)
        return 1
    finally:
        scard.SCardReleaseContext(ctx)
    report(args, results, load_before, os.getloadavg())
    return 0


def summary(results, args, load_before, load_after):
    out = {"rounds": args.rounds, "apdus_per_round": args.count,
           "load_average_before": [round(x, 2) for x in load_before],
           "load_average_after": [round(x, 2) for x in load_after], "workloads": {}}
    for name, (rates, latencies, cpu) in results.items():
        readers = {}
        for reader in READERS:
            readers[reader] = {
                "median_apdus_per_s": round(statistics.median(rates[reader]), 1),
                "median_latency_us": round(1e6 * statistics.median(latencies[reader]), 2),
                "median_pcscd_cpu_us": round(statistics.median(cpu[reader]) / 1000, 2),
                "rounds_apdus_per_s": [round(r, 1) for r in rates[reader]],
            }
        def ratio(key, other):
            return round(readers[OURS][key] / readers[other][key], 3)
        out["workloads"][name] = {
            "readers": readers,
            "rate_ours_over_minimal": ratio("median_apdus_per_s", MINIMAL),
            "latency_ours_over_minimal": ratio("median_latency_us", MINIMAL),
            "pcscd_cpu_ours_over_minimal": ratio("median_pcscd_cpu_us", MINIMAL),
            "target_met": ratio("median_latency_us", MINIMAL) <= TARGET,
            "rate_ours_over_sized": ratio("median_apdus_per_s", SIZED),
            "latency_ours_over_sized": ratio("median_latency_us", SIZED),
            "pcscd_cpu_ours_over_sized": ratio("median_pcscd_cpu_us", SIZED),
            "target_met_sized": ratio("median_latency_us", SIZED) <= TARGET,
        }
    return out


def report(args, results, load_before, load_after):
    s = summary(results, args, load_before, load_after)
    if args.json:
        print(json.dumps(s))
        return
    print(f"{args.rounds} rounds x {args.count} APDUs per reader and workload, T=1; "
          f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    for name, w in s["workloads"].items():
        for reader, r in w["readers"].items():
            print(f"{name:18} {reader:24} {r['median_apdus_per_s']:10.1f} APDU/s  "
                  f"median latency {r['median_latency_us']:7.2f} us  pcscd CPU "
                  f"{r['median_pcscd_cpu_us']:6.2f} us/APDU")
        for other, key in (("minimal", ""), ("sized", "_sized")):
            verdict = "met" if w["target_met" + key] else "NOT met"
            print(f"{name:18} ours / {other}: rate {w[f'rate_ours_over_{other}']:.3f}, latency "
                  f"{w[f'latency_ours_over_{other}']:.3f}, pcscd CPU "
                  f"{w[f'pcscd_cpu_ours_over_{other}']:.3f}; target (latency <= {TARGET:.2f}) "
                  f"{verdict}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--handler", help="libifd-readerkit.so (default: in --build)")
    parser.add_argument("--minimal", help="libifd-minimal.so (default: in --build)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds per reader and workload")
    parser.add_argument("--count", type=int, default=2000, help="APDUs per round")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rounds < 1 or args.count < 1:
        parser.error("--rounds and --count must be at least 1")
    return inside(args) if args.inside else outside(args)


if __name__ == "__main__":
    sys.exit(main())
