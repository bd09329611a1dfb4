# SPDX-License-Identifier: MIT
"""Shared helpers of the pcscd end-to-end suite.

The suite runs inside scripts/pcscd-sandbox.sh (see CMakeLists.txt here), which starts a
private pcscd serving the readers of reader.conf.d/ through libifd-readerkit.so. Every wait
is bounded; nothing here sleeps for a fixed time to let something happen.
"""
import os
import socket
import time

import pytest
from smartcard import scard

RUN_DIR = os.environ.get("READERKIT_RUN_DIR", "/run/readerkit")
PCSCD_LOG = os.environ.get("READERKIT_PCSCD_LOG", "")

READER_MAIN = "RK Main"
READER_EXTENDED = "RK Extended"
READER_EVENTS = "RK Events"
READER_VENDOR = "RK Vendor"
READER_SLOTS = "RK Slots"
READER_T0 = "RK T0"
READER_DUAL = "RK Dual"
ALWAYS_PRESENT = [READER_MAIN, READER_EXTENDED, READER_EVENTS, READER_VENDOR, READER_T0]

PROTOCOLS = {"T0": scard.SCARD_PROTOCOL_T0, "T1": scard.SCARD_PROTOCOL_T1}


def u32(rv):
    """pyscard hands back PC/SC codes as Python ints of either sign."""
    return rv & 0xFFFFFFFF


def check(rv, what="PC/SC call"):
    assert u32(rv) == scard.SCARD_S_SUCCESS, f"{what}: {scard.SCardGetErrorMessage(rv)} (0x{u32(rv):08X})"


def pattern(n):
    """The readertest data pattern: 00 01 02 ... (i mod 256)."""
    return [i & 0xFF for i in range(n)]


def sim_control(name, *words, timeout=10.0):
    """Sends one command line to a simulated reader's control socket; returns the reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(os.path.join(RUN_DIR, name + ".sock"))
        s.sendall((" ".join(words) + "\n").encode())
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = s.recv(4096)
            if not chunk:
                break
            reply += chunk
    line = reply.decode().strip()
    assert line == "ok", f"sim control {' '.join(words)!r}: {line!r}"
    return line


class Pcsc:
    """One PC/SC context with reader lookup by FRIENDLYNAME prefix."""

    def __init__(self):
        rv, self.context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        check(rv, "SCardEstablishContext")

    def close(self):
        scard.SCardReleaseContext(self.context)

    def readers(self):
        rv, names = scard.SCardListReaders(self.context, [])
        if u32(rv) == scard.SCARD_E_NO_READERS_AVAILABLE:
            return []
        check(rv, "SCardListReaders")
        return names

    def reader(self, prefix, slot=0):
        """The full name of the reader (pcscd appends 'NN SS' to FRIENDLYNAME)."""
        for name in self.readers():
            if name.startswith(prefix + " ") and name.endswith(f" {slot:02X}"):
                return name
        raise LookupError(f"no reader {prefix!r} slot {slot} in {self.readers()}")

    def state(self, reader, timeout_ms=0, known=scard.SCARD_STATE_UNAWARE):
        rv, states = scard.SCardGetStatusChange(self.context, timeout_ms, [(reader, known)])
        if u32(rv) == scard.SCARD_E_TIMEOUT:
            return known
        check(rv, "SCardGetStatusChange")
        return states[0][1] & ~scard.SCARD_STATE_CHANGED

    def wait_state(self, reader, want_present, timeout_s=10.0):
        """Waits (bounded) until the reader reports the card present / absent."""
        deadline = time.monotonic() + timeout_s
        current = self.state(reader)
        while bool(current & scard.SCARD_STATE_PRESENT) != want_present:
            left = deadline - time.monotonic()
            assert left > 0, f"{reader}: card still {'absent' if want_present else 'present'}"
            current = self.state(reader, int(left * 1000), current)
        return current

    def reset(self, reader):
        """Resets the card so pcscd forgets the protocol: pcscd refuses another protocol
        (SCARD_E_PROTO_MISMATCH) until the card is reset or powered down."""
        card, _ = self.connect(reader, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        check(scard.SCardDisconnect(card, scard.SCARD_RESET_CARD), "SCardDisconnect")

    def connect(self, reader, protocols, share=scard.SCARD_SHARE_SHARED):
        rv, card, active = scard.SCardConnect(self.context, reader, share, protocols)
        check(rv, f"SCardConnect {reader}")
        return card, active


@pytest.fixture(scope="session")
def pcsc():
    """A context that sees every reader the suite needs (pcscd loads them at start)."""
    ctx = Pcsc()
    deadline = time.monotonic() + 15
    while True:
        names = ctx.readers()
        missing = [r for r in ALWAYS_PRESENT if not any(n.startswith(r + " ") for n in names)]
        if not missing:
            break
        assert time.monotonic() < deadline, f"readers missing: {missing} (have {names})"
        time.sleep(0.05)
    for prefix in ALWAYS_PRESENT:
        ctx.wait_state(ctx.reader(prefix), True)
    yield ctx
    ctx.close()


def transmit(card, protocol, apdu):
    """SCardTransmit; returns (data, sw) and fails the test on a PC/SC error."""
    rv, response = scard.SCardTransmit(card, protocol, apdu)
    check(rv, f"SCardTransmit {bytes(apdu[:5]).hex()}")
    assert len(response) >= 2, f"short response {response}"
    return response[:-2], (response[-2] << 8) | response[-1]


def pcscd_log():
    if not PCSCD_LOG:
        return ""
    with open(PCSCD_LOG, errors="replace") as f:
        return f.read()
