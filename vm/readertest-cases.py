#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes the readertest T=0 cases 1-4 for every length 1..256 (docs/contract/readertest.md) as
TPDUs the client sends itself, GET RESPONSE included, in three forms:
  OUT/cli.txt       a `readerkit run` script (power cold, protocol T0, transmits)
  OUT/scriptor.txt  scriptor input for the same exchanges through pcscd
  OUT/expected.txt  one line per exchange: the response the card must give (hex, upper case)
and the same cases as APDUs (case 4 with Le, no GET RESPONSE), which is what T=1 carries and
what a reader at APDU level takes over T=0 too (the reader fetches 61xx itself):
  OUT/cli-t1.txt, OUT/cli-t0-apdu.txt, OUT/expected-t1.txt
Usage: readertest-cases.py OUT
"""
import pathlib
import sys


def pattern(n):
    return bytes(i % 256 for i in range(n))


def exchanges():
    """(command, expected response) pairs over T=0, GET RESPONSE sent by the client."""
    yield bytes.fromhex("80300000") + b"\x00", bytes.fromhex("9000")  # case 1
    for n in range(1, 257):
        p1p2 = n.to_bytes(2, "big")
        # case 2: Le = n (00 means 256), P1P2 must equal it
        yield b"\x80\x34" + p1p2 + bytes([n % 256]), pattern(n) + b"\x90\x00"
        lc = min(n, 255)  # short Lc is 1..255
        # case 3: Lc bytes of pattern
        yield b"\x80\x32\x00\x00" + bytes([lc]) + pattern(lc), bytes.fromhex("9000")
        # case 4 over T=0: sent as case 3, the card says 61xx, the client fetches xx bytes
        sw2 = n % 256
        yield b"\x80\x36" + p1p2 + bytes([lc]) + pattern(lc), bytes([0x61, sw2])
        yield bytes([0x80, 0xC0, 0x00, 0x00, sw2]), pattern(n) + b"\x90\x00"


def exchanges_t1():
    """(command, expected response) pairs over T=1: APDUs as they are."""
    yield bytes.fromhex("80300000"), bytes.fromhex("9000")
    for n in range(1, 257):
        p1p2 = n.to_bytes(2, "big")
        lc = min(n, 255)
        yield b"\x80\x34" + p1p2 + bytes([n % 256]), pattern(n) + b"\x90\x00"
        yield b"\x80\x32\x00\x00" + bytes([lc]) + pattern(lc), bytes.fromhex("9000")
        yield (b"\x80\x36" + p1p2 + bytes([lc]) + pattern(lc) + bytes([n % 256]),
               pattern(n) + b"\x90\x00")


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    pairs = list(exchanges())
    cli = ["power cold", "protocol T0"] + [f"transmit {c.hex().upper()}" for c, _ in pairs]
    (out / "cli.txt").write_text("\n".join(cli) + "\n")
    (out / "scriptor.txt").write_text(
        "\n".join(" ".join(f"{b:02X}" for b in c) for c, _ in pairs) + "\n")
    (out / "expected.txt").write_text("\n".join(r.hex().upper() for _, r in pairs) + "\n")
    t1 = list(exchanges_t1())
    cli_t1 = ["power cold", "protocol T1"] + [f"transmit {c.hex().upper()}" for c, _ in t1]
    (out / "cli-t1.txt").write_text("\n".join(cli_t1) + "\n")
    cli_t0_apdu = ["power cold", "protocol T0"] + cli_t1[2:]
    (out / "cli-t0-apdu.txt").write_text("\n".join(cli_t0_apdu) + "\n")
    (out / "expected-t1.txt").write_text("\n".join(r.hex().upper() for _, r in t1) + "\n")


if __name__ == "__main__":
    main()
