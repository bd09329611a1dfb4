#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""APDUs per second through pcscd: ReaderKit's IFD handler with its vpcd reader + vicc, against
Debian's own vpcd handler (libifdvpcd.so) + vicc, in one private pcscd, same run.

Usage: tests/vpcd/bench_vpcd.py [--build DIR] [--rounds N] [--ours N] [--debian N] [--json]
  --build DIR   build tree holding ifdhandler/libifd-readerkit.so (default: build)
Each round sends GET CHALLENGE (00 84 00 00 08) N times with SCardTransmit on one reader, the
readers alternating round by round; the figure per reader is the median over rounds of
(APDUs / round time), plus the median single-APDU latency. Debian's vpcd sends the length and
the payload in two writes without TCP_NODELAY, so Nagle + delayed ACK cost it ~40 ms per APDU:
it gets fewer APDUs per round to keep the run short (the rate is per second either way)."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "support"))
from pcsc_client import wait_present  # noqa: E402
DEBIAN_VPCD = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
OURS = {"name": "ReaderKit vpcd 00 00", "port": 35970}
DEBIAN = {"name": "Debian vpcd 00 00", "port": 0x8C7B}
GET_CHALLENGE = [0x00, 0x84, 0x00, 0x00, 0x08]


def write_confs(folder):
    with open(os.path.join(folder, "readerkit-vpcd"), "w") as f:
        f.write('FRIENDLYNAME "ReaderKit vpcd"\nDEVICENAME   vpcd:127.0.0.1:%d\n'
                "LIBPATH      @HANDLER@\nCHANNELID    0\n" % OURS["port"])
    with open(os.path.join(folder, "debian-vpcd"), "w") as f:
        f.write('FRIENDLYNAME "Debian vpcd"\nDEVICENAME   /dev/null:0x%X\n'
                "LIBPATH      %s\nCHANNELID    0x%X\n" % (DEBIAN["port"], DEBIAN_VPCD, DEBIAN["port"]))


def outside(args):
    """Re-runs this script inside a private pcscd serving both readers."""
    handler = os.path.join(os.path.abspath(args.build), "ifdhandler", "libifd-readerkit.so")
    shim = os.path.join(os.path.abspath(args.build), "tests", "vpcd", "vicc-shim")
    with tempfile.TemporaryDirectory(prefix="bench-vpcd-") as confs:
        write_confs(confs)
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        if os.path.isdir(shim):
            env["VICC_SHIM_DIR"] = shim
        cmd = [os.path.join(ROOT, "scripts", "pcscd-sandbox.sh"), "--conf", confs, "--handler",
               handler, "--", "/usr/bin/python3", os.path.abspath(__file__), "--inside",
               "--rounds", str(args.rounds), "--ours", str(args.ours), "--debian", str(args.debian)]
        if args.json:
            cmd.append("--json")
        return subprocess.call(cmd, env=env)




def run_round(scard, card, count):
    latencies = []
    start = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter()
        rc, response = scard.SCardTransmit(card, scard.SCARD_PCI_T1, GET_CHALLENGE)
        latencies.append(time.perf_counter() - t0)
        if rc != scard.SCARD_S_SUCCESS or response[-2:] != [0x90, 0x00]:
            raise SystemExit(f"bench: transmit failed: {rc:#x} {response}")
    return count / (time.perf_counter() - start), latencies


def inside(args):
    sys.path.insert(0, HERE)
    import vicc_harness as vh
    from smartcard import scard

    cards = [vh.start_vicc(OURS["port"]), vh.start_vicc(DEBIAN["port"])]
    try:
        rc, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        readers = [(OURS, args.ours), (DEBIAN, args.debian)]
        handles = {}
        for reader, _ in readers:
            if not wait_present(ctx, scard, reader["name"]):
                raise SystemExit(f"bench: no card in {reader['name']}")
            rc, card, protocol = scard.SCardConnect(ctx, reader["name"], scard.SCARD_SHARE_SHARED,
                                                    scard.SCARD_PROTOCOL_T1)
            if rc != scard.SCARD_S_SUCCESS:
                raise SystemExit(f"bench: cannot connect to {reader['name']}: {rc:#x}")
            run_round(scard, card, 5)  # warm-up
            handles[reader["name"]] = card
        rates = {r["name"]: [] for r, _ in readers}
        latencies = {r["name"]: [] for r, _ in readers}
        for _ in range(args.rounds):
            for reader, count in readers:  # alternate readers round by round
                rate, lat = run_round(scard, handles[reader["name"]], count)
                rates[reader["name"]].append(rate)
                latencies[reader["name"]].extend(lat)
    finally:
        for c in cards:
            vh.kill_vicc(c)
    report(args, readers, rates, latencies)
    return 0


def report(args, readers, rates, latencies):
    result = {"rounds": args.rounds, "readers": {}}
    for reader, count in readers:
        name = reader["name"]
        result["readers"][name] = {
            "apdus_per_round": count,
            "median_apdus_per_s": round(statistics.median(rates[name]), 1),
            "median_latency_ms": round(1000 * statistics.median(latencies[name]), 3),
            "rounds_apdus_per_s": [round(r, 1) for r in rates[name]],
        }
    ours = result["readers"][OURS["name"]]["median_apdus_per_s"]
    debian = result["readers"][DEBIAN["name"]]["median_apdus_per_s"]
    result["ratio_ours_over_debian"] = round(ours / debian, 1)
    if args.json:
        print(json.dumps(result))
        return
    for name, r in result["readers"].items():
        print(f"{name:22} {r['median_apdus_per_s']:10.1f} APDU/s  median latency "
              f"{r['median_latency_ms']:.3f} ms  ({args.rounds} rounds x {r['apdus_per_round']})")
    print(f"ratio ReaderKit / Debian vpcd: {result['ratio_ours_over_debian']}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--ours", type=int, default=2000, help="APDUs per round, our handler")
    parser.add_argument("--debian", type=int, default=50, help="APDUs per round, Debian's vpcd")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return inside(args) if args.inside else outside(args)


if __name__ == "__main__":
    sys.exit(main())
