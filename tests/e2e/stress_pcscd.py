# SPDX-License-Identifier: MIT
"""Stress through pcscd: N clients x M checked APDUs on one simulated reader while the card is
removed and inserted at random moments. Run inside scripts/pcscd-sandbox.sh (its default reader:
"ReaderKit Simulated Reader", control socket $READERKIT_RUN_DIR/sim0.sock).

Every APDU is a readertest case 4 (80 36) whose lengths depend on the client and the step, so a
crossed or corrupted answer cannot pass: the answer must be exactly the pattern of the requested
length and 90 00. A removal may end an exchange with a "card removed / no card" error (the client
reconnects and resends); any other error, or any wrong answer, fails the run. Prints one summary
line; exit 0 when every client got its M answers and no answer was wrong.

Usage: stress_pcscd.py [--clients N] [--apdus M] [--seconds LIMIT] [--seed S]
"""
import argparse
import os
import random
import socket
import sys
import threading
import time

from smartcard import scard

READER = "ReaderKit Simulated Reader"
CONTROL = os.path.join(os.environ.get("READERKIT_RUN_DIR", "/run/readerkit"), "sim0.sock")
# What a removal may cause; everything else is a failure.
REMOVAL_ERRORS = {scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD,
                  scard.SCARD_W_RESET_CARD, scard.SCARD_E_NOT_TRANSACTED,
                  scard.SCARD_W_UNPOWERED_CARD, scard.SCARD_E_TIMEOUT}


def u32(rv):
    return rv & 0xFFFFFFFF


def pattern(n):
    return [i & 0xFF for i in range(n)]


def control(line):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(CONTROL)
        s.sendall((line + "\n").encode())
        reply = s.recv(256).decode().strip()
    if reply != "ok":
        raise RuntimeError(f"control {line!r}: {reply!r}")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = 0
        self.interrupted = 0
        self.wrong = []
        self.failures = []
        self.removals = 0
        self.proto_mismatch = 0

    def add(self, field, value=1):
        with self.lock:
            if isinstance(getattr(self, field), list):
                getattr(self, field).append(value)
            else:
                setattr(self, field, getattr(self, field) + value)


def reader_name(ctx, deadline):
    while time.monotonic() < deadline:
        rv, names = scard.SCardListReaders(ctx, [])
        if u32(rv) == scard.SCARD_S_SUCCESS:
            for n in names:
                if n.startswith(READER):
                    return n
        time.sleep(0.05)
    raise RuntimeError("reader not listed")


def connect(ctx, reader, deadline, stats):
    """Connects with T=1, waiting (bounded) while the card is out. SCARD_E_PROTO_MISMATCH right
    after a reinsertion is counted (see docs/robustness.md) and retried: it clears when the
    card is next reset or removed."""
    while time.monotonic() < deadline:
        rv, card, active = scard.SCardConnect(ctx, reader, scard.SCARD_SHARE_SHARED,
                                              scard.SCARD_PROTOCOL_T1)
        if u32(rv) == scard.SCARD_S_SUCCESS:
            return card, active
        if u32(rv) == scard.SCARD_E_PROTO_MISMATCH:
            stats.add("proto_mismatch")
        elif u32(rv) not in REMOVAL_ERRORS | {scard.SCARD_W_UNRESPONSIVE_CARD}:
            raise RuntimeError(f"SCardConnect: 0x{u32(rv):08X}")
        time.sleep(0.01)
    raise RuntimeError("no card within the time limit")


def client(index, apdus, stats, deadline, seed):
    rng = random.Random(seed * 1000 + index)
    rv, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    try:
        reader = reader_name(ctx, deadline)
        card, active = connect(ctx, reader, deadline, stats)
        done = 0
        while done < apdus:
            if time.monotonic() > deadline:
                stats.add("failures", f"client {index}: time limit after {done} APDUs")
                return
            n_out = rng.randint(1, 250)
            n_in = rng.randint(1, 250)
            apdu = [0x80, 0x36, 0x00, n_out, n_in] + pattern(n_in) + [n_out]
            rv, response = scard.SCardTransmit(card, active, apdu)
            if u32(rv) == scard.SCARD_S_SUCCESS:
                if response != pattern(n_out) + [0x90, 0x00]:
                    stats.add("wrong", f"client {index} step {done}: asked {n_out}, "
                                       f"got {len(response)} bytes ending {bytes(response[-2:]).hex()}")
                    return
                stats.add("ok")
                done += 1
            elif u32(rv) in REMOVAL_ERRORS:
                stats.add("interrupted")
                scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
                card, active = connect(ctx, reader, deadline, stats)
            else:
                stats.add("failures", f"client {index}: SCardTransmit 0x{u32(rv):08X}")
                return
        scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    except Exception as e:  # reported in the summary
        stats.add("failures", f"client {index}: {e}")
    finally:
        scard.SCardReleaseContext(ctx)


def remover(stats, stop, seed):
    rng = random.Random(seed)
    while not stop.wait(rng.uniform(0.02, 0.1)):
        control("card remove")
        time.sleep(rng.uniform(0.005, 0.03))
        control("card insert")
        stats.add("removals")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--apdus", type=int, default=2000)
    p.add_argument("--seconds", type=float, default=600)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    stats = Stats()
    deadline = time.monotonic() + a.seconds
    stop = threading.Event()
    start = time.monotonic()
    rm = threading.Thread(target=remover, args=(stats, stop, a.seed), daemon=True)
    clients = [threading.Thread(target=client, args=(i, a.apdus, stats, deadline, a.seed),
                                daemon=True) for i in range(a.clients)]
    rm.start()
    for t in clients:
        t.start()
    for t in clients:
        t.join(max(0.0, deadline - time.monotonic()) + 5)
    stop.set()
    rm.join(15)
    elapsed = time.monotonic() - start
    hung = sum(t.is_alive() for t in clients)
    print(f"stress: {a.clients} clients x {a.apdus} APDUs: {stats.ok} answers checked, "
          f"{stats.removals} removals, {stats.interrupted} exchanges interrupted by a removal, "
          f"{stats.proto_mismatch} connects refused with PROTO_MISMATCH, "
          f"{len(stats.wrong)} wrong, {len(stats.failures)} failures, {hung} hung, "
          f"{elapsed:.1f} s ({stats.ok / elapsed:.0f} APDU/s)")
    for line in stats.wrong + stats.failures:
        print("  " + line)
    ok = not stats.wrong and not stats.failures and not hung and stats.ok == a.clients * a.apdus
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
