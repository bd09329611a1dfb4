#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A pyscard client running readertest cases 1-4 (the readertest applet of the simulated card)
through pcscd, every length 1..256, on T=0 (the client sends GET RESPONSE itself on 61xx) or
T=1; with --extended also extended cases 2, 3 and 4 up to 65535 bytes.
Usage: readertest_pyscard.py READER-SUBSTRING T0|T1 [--extended] [--lengths all|edges]
Prints "ok N exchanges in MS ms" and exits 0, or the first mismatch and exits 1."""
import sys
import time

from smartcard.System import readers
from smartcard.scard import SCARD_PROTOCOL_T0, SCARD_PROTOCOL_T1

EDGES = [1, 2, 31, 32, 33, 127, 128, 200, 254, 255, 256]


def pattern(n):
    return [i % 256 for i in range(n)]


class Client:
    def __init__(self, connection, t0):
        self.connection = connection
        self.t0 = t0
        self.count = 0

    def send(self, apdu):
        data, sw1, sw2 = self.connection.transmit(apdu)
        self.count += 1
        if self.t0 and sw1 == 0x61:
            data, sw1, sw2 = self.connection.transmit([0x80, 0xC0, 0x00, 0x00, sw2])
            self.count += 1
        return data + [sw1, sw2]

    def expect(self, apdu, want, what):
        got = self.send(apdu)
        if got != want:
            print(f"FAIL {what}: sent {bytes(apdu[:8]).hex()}.. got {bytes(got[-8:]).hex()} "
                  f"({len(got)} bytes), want {len(want)} bytes")
            sys.exit(1)


def short_cases(c, n):
    p1p2 = [n >> 8, n & 0xFF]
    lc = min(n, 255)
    c.expect([0x80, 0x34] + p1p2 + [n % 256], pattern(n) + [0x90, 0x00], f"case 2 n={n}")
    c.expect([0x80, 0x32, 0, 0, lc] + pattern(lc), [0x90, 0x00], f"case 3 n={lc}")
    case4 = [0x80, 0x36] + p1p2 + [lc] + pattern(lc)
    if not c.t0:
        case4 = case4 + [n % 256]
    c.expect(case4, pattern(n) + [0x90, 0x00], f"case 4 n={n}")


def extended_cases(c, n):
    p1p2 = [n >> 8, n & 0xFF]
    le = [n >> 8, n & 0xFF]
    c.expect([0x80, 0x34] + p1p2 + [0] + le, pattern(n) + [0x90, 0x00], f"case 2E n={n}")
    c.expect([0x80, 0x32, 0, 0, 0, n >> 8, n & 0xFF] + pattern(n), [0x90, 0x00],
             f"case 3E n={n}")
    c.expect([0x80, 0x36] + p1p2 + [0, n >> 8, n & 0xFF] + pattern(n) + le,
             pattern(n) + [0x90, 0x00], f"case 4E n={n}")


def main():
    name, protocol = sys.argv[1], sys.argv[2]
    extended = "--extended" in sys.argv
    lengths = EDGES if "edges" in sys.argv else range(1, 257)
    chosen = [r for r in readers() if name in str(r)]
    if not chosen:
        print(f"FAIL no reader with '{name}' in {readers()}")
        return 1
    connection = chosen[0].createConnection()
    connection.connect(SCARD_PROTOCOL_T0 if protocol == "T0" else SCARD_PROTOCOL_T1)
    c = Client(connection, protocol == "T0")
    start = time.monotonic()
    c.expect([0x80, 0x30, 0x00, 0x00] + ([0x00] if c.t0 else []), [0x90, 0x00], "case 1")
    for n in lengths:
        short_cases(c, n)
    if extended:
        for n in (256, 300, 4096, 65535):
            extended_cases(c, n)
    ms = int((time.monotonic() - start) * 1000)
    print(f"ok {c.count} exchanges in {ms} ms")
    connection.disconnect()
    return 0


if __name__ == "__main__":
    sys.exit(main())
