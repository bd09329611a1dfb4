# SPDX-License-Identifier: MIT
"""The IFD handler's trace (DEVICENAME option pcap=FILE, docs/trace.md) while pcscd serves eight
pyscard clients at once: every APDU is in the file exactly once, each client's in the order it
sent them, each followed by its response; a removal through the control socket is recorded.
Runs inside scripts/pcscd-sandbox.sh with tests/trace/reader.conf.d."""
import json
import os
import socket
import subprocess
import threading
import time

from smartcard import scard

RUN_DIR = os.environ.get("READERKIT_RUN_DIR", "/run/readerkit")
CLI = os.environ["READERKIT_CLI"]
PCAP = os.path.join(RUN_DIR, "handler.pcap")
CLIENTS = 8
ROUNDS = 30  # P2 = client * ROUNDS + round < 256: every APDU of the run is unique
SELECT = [0x00, 0xA4, 0x04, 0x00, 0x06, 0xA0, 0x00, 0x00, 0x00, 0x18, 0xFF]


def reader_name(context):
    rv, readers = scard.SCardListReaders(context, [])
    assert rv == scard.SCARD_S_SUCCESS
    return next(r for r in readers if r.startswith("RK Traced"))


def client(number, errors):
    try:
        rv, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        assert rv == scard.SCARD_S_SUCCESS
        rv, card, protocol = scard.SCardConnect(context, reader_name(context),
                                                scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T1)
        assert rv == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(rv)
        for round_ in range(ROUNDS):
            p2 = number * ROUNDS + round_
            # Each transaction selects readertest and sends one case 2 (unbound: P2 bytes back).
            assert scard.SCardBeginTransaction(card) == scard.SCARD_S_SUCCESS
            rv, answer = scard.SCardTransmit(card, scard.SCARD_PCI_T1, SELECT)
            assert rv == scard.SCARD_S_SUCCESS and answer[-2:] == [0x90, 0x00], answer
            rv, answer = scard.SCardTransmit(card, scard.SCARD_PCI_T1, [0x80, 0x3C, 0x00, p2, 0x00])
            assert rv == scard.SCARD_S_SUCCESS and len(answer) == p2 + 2, (p2, len(answer))
            assert scard.SCardEndTransaction(card, scard.SCARD_LEAVE_CARD) == scard.SCARD_S_SUCCESS
        scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
        scard.SCardReleaseContext(context)
    except Exception as e:  # reported by the main thread
        errors.append(f"client {number}: {e!r}")


def control(command):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(os.path.join(RUN_DIR, "traced.sock"))
        s.sendall((command + "\n").encode())
        assert s.recv(4096).decode().strip() == "ok"


def records():
    proc = subprocess.run([CLI, "--json", "trace", PCAP], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def wait_for(predicate, seconds=20):
    """The handler's writer thread empties its queue on its own: wait for it, bounded."""
    deadline = time.monotonic() + seconds
    while True:
        found = records()
        if predicate(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def test_eight_clients_every_apdu_once_in_order_per_client():
    errors = []
    threads = [threading.Thread(target=client, args=(n, errors)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    control("card remove")
    found = wait_for(lambda rs: any(r["event"] == "card_removed" for r in rs))

    assert found[0]["event"] == "reader" and found[0]["reader"].startswith("sim:profile=t1")
    assert not [r for r in found if r["event"] == "dropped"]
    commands = [r for r in found if r["event"] == "apdu_command"]
    case2 = [bytes.fromhex(r["data"]) for r in commands if r["data"].startswith("803C")]
    p2s = [apdu[3] for apdu in case2]
    assert sorted(p2s) == list(range(CLIENTS * ROUNDS)), "every APDU exactly once"
    for number in range(CLIENTS):
        mine = [p2 for p2 in p2s if p2 // ROUNDS == number]
        assert mine == sorted(mine), f"client {number} out of order"
    # Each case 2 command is answered before the next command: the response carries its P2 bytes.
    sequence = [r for r in found if r["event"] in ("apdu_command", "apdu_response")]
    for command, response in zip(sequence[::2], sequence[1::2]):
        assert command["event"] == "apdu_command" and response["event"] == "apdu_response"
        apdu = bytes.fromhex(command["data"])
        if apdu[:2] == b"\x80\x3C":
            assert len(bytes.fromhex(response["data"])) == apdu[3] + 2
    assert found[-1]["event"] == "card_removed" or any(r["event"] == "card_removed" for r in found)
