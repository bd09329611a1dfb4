# SPDX-License-Identifier: MIT
"""The reference smclib driver (C, WDK headers) behind pcscd and the IFD handler, reached by
pyscard like any reader: readertest APDUs on T=1, and a removal and an insertion through the
driver's control socket seen by SCardGetStatusChange (docs/smclib.md)."""
import os
import socket
import subprocess
import sys

from smartcard.scard import (SCARD_PROTOCOL_T1, SCARD_SHARE_SHARED, SCARD_STATE_EMPTY,
                             SCARD_STATE_PRESENT, SCARD_STATE_UNAWARE, SCARD_S_SUCCESS,
                             SCARD_UNPOWER_CARD, SCARD_SCOPE_USER, SCardConnect,
                             SCardDisconnect, SCardEstablishContext, SCardGetStatusChange,
                             SCardListReaders, SCardReleaseContext, SCardTransmit)

RUN = os.environ["READERKIT_RUN_DIR"]


def control(words):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(os.path.join(RUN, "smclib.sock"))
        s.sendall((words + "\n").encode())
        return s.recv(256).decode().strip()


def wait_state(context, reader, wanted):
    state = [(reader, SCARD_STATE_UNAWARE)]
    for _ in range(20):
        rc, state = SCardGetStatusChange(context, 500, state)
        if rc == SCARD_S_SUCCESS and state[0][1] & wanted:
            return True
        state = [(reader, state[0][1])] if rc == SCARD_S_SUCCESS else state
    return False


def main():
    rc, context = SCardEstablishContext(SCARD_SCOPE_USER)
    assert rc == SCARD_S_SUCCESS
    rc, readers = SCardListReaders(context, [])
    reader = [r for r in readers if r.startswith("RK smclib")][0]
    rc, card, protocol = SCardConnect(context, reader, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T1)
    assert rc == SCARD_S_SUCCESS and protocol == SCARD_PROTOCOL_T1, hex(rc & 0xFFFFFFFF)
    ok = [0x90, 0x00]
    for n in range(1, 256):  # readertest cases 1-4 at every length
        data = list(range(n))
        for command, expected in (([0x80, 0x30, 0x00, 0x00, 0x00], ok),
                                  ([0x80, 0x34, 0x00, n, n], data + ok),
                                  ([0x80, 0x32, 0x00, 0x00, n] + data, ok),
                                  ([0x80, 0x36, 0x00, n, n] + data + [n], data + ok)):
            rc, answer = SCardTransmit(card, protocol, command)
            assert rc == SCARD_S_SUCCESS and answer == expected, (n, command[:2], answer)
    SCardDisconnect(card, SCARD_UNPOWER_CARD)
    scan = subprocess.run(["pcsc_scan", "-r"], capture_output=True, text=True, timeout=30)
    assert "RK smclib" in scan.stdout, scan.stdout + scan.stderr
    assert control("card remove") == "ok"
    assert wait_state(context, reader, SCARD_STATE_EMPTY), "removal not seen"
    assert control("card insert t1") == "ok"
    assert wait_state(context, reader, SCARD_STATE_PRESENT), "insertion not seen"
    SCardReleaseContext(context)
    print("smclib reference driver through pcscd: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
