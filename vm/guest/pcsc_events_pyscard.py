#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Card removal and insertion through pcscd: removes and inserts the simulated card CYCLES times
(`readerkit sim-control SOCKET card remove|insert`) and times how long pcscd takes to report
each change (SCardGetStatusChange). Prints one "removal MS" / "insertion MS" line per event and
"median MS"; exits 1 when an event is not reported within 5 s.
Usage: pcsc_events_pyscard.py READER-SUBSTRING READERKIT SOCKET CYCLES"""
import statistics
import subprocess
import sys
import time

from smartcard.scard import (SCARD_SCOPE_USER, SCARD_STATE_EMPTY, SCARD_STATE_PRESENT,
                             SCARD_STATE_UNAWARE, SCardEstablishContext, SCardGetStatusChange,
                             SCardListReaders, SCardReleaseContext)


def wait_for(ctx, reader, want, limit_ms=5000):
    states = [(reader, SCARD_STATE_UNAWARE)]
    deadline = time.monotonic() + limit_ms / 1000
    while time.monotonic() < deadline:
        rv, states = SCardGetStatusChange(ctx, 200, states)
        if rv == 0 and states[0][1] & want:
            return True
        states = [(reader, states[0][1] & ~0x2 if rv == 0 else SCARD_STATE_UNAWARE)]
    return False


def main():
    name, rk, socket, cycles = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    _, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    _, names = SCardListReaders(ctx, [])
    reader = next((r for r in names if name in r), None)
    if reader is None:
        print(f"no reader with '{name}' in {names}")
        return 1
    times = []
    for _ in range(cycles):
        for word, want in (("remove", SCARD_STATE_EMPTY), ("insert", SCARD_STATE_PRESENT)):
            start = time.monotonic()
            subprocess.run([rk, "sim-control", socket, "card", word], check=True,
                           stdout=subprocess.DEVNULL)
            if not wait_for(ctx, reader, want):
                print(f"{word}: not reported within 5 s")
                return 1
            ms = int((time.monotonic() - start) * 1000)
            times.append(ms)
            print(f"{'removal' if word == 'remove' else 'insertion'} {ms}")
    print(f"median {int(statistics.median(times))} ms over {len(times)} events")
    SCardReleaseContext(ctx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
