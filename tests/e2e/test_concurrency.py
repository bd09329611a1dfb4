# SPDX-License-Identifier: MIT
"""Several clients, readers and slots at once through one loaded handler."""
import socket
import struct
import threading

import pytest
from smartcard import scard

from conftest import (READER_EXTENDED, READER_MAIN, READER_SLOTS, Pcsc, check, pattern,
                      transmit)

THREADS = 4
EXCHANGES = 40


def run_threads(targets, timeout=60):
    errors = []

    def guard(fn):
        try:
            fn()
        except BaseException as e:  # reported below, with the thread's own message
            errors.append(repr(e))

    threads = [threading.Thread(target=guard, args=(t,), daemon=True) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not any(t.is_alive() for t in threads), "a client thread hung"
    assert not errors, errors


def client(reader_prefix, seed, protocol=scard.SCARD_PROTOCOL_T1, slot=0):
    """A client with its own context: case 4 exchanges whose lengths identify the request."""
    def body():
        ctx = Pcsc()
        try:
            card, active = ctx.connect(ctx.reader(reader_prefix, slot), protocol)
            for i in range(EXCHANGES):
                n_out = (seed * 53 + i * 7) % 250 + 1
                n_in = (seed * 31 + i * 11) % 250 + 1
                apdu = [0x80, 0x36, 0x00, n_out, n_in] + pattern(n_in) + [n_out]
                assert transmit(card, active, apdu) == (pattern(n_out), 0x9000), (seed, i)
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
        finally:
            ctx.close()
    return body


def test_parallel_clients_on_one_reader_get_their_own_responses(pcsc):
    run_threads([client(READER_MAIN, seed) for seed in range(THREADS)])


def test_two_readers_at_once(pcsc):
    run_threads([client(READER_MAIN, 1), client(READER_EXTENDED, 2),
                 client(READER_MAIN, 3), client(READER_EXTENDED, 4)])


# --- two slots: the vpcd reader's slots 0 and 1, each with a tiny virtual card ------------
VPCD_PORT = 35963
CARD_ATR = bytes.fromhex("3B800181")  # T=1 offered by TD1, no historical bytes, TCK


class VirtualCard(threading.Thread):
    """A vpcd-protocol card (docs/vpcd.md) that answers every APDU
    with its slot number, the APDU's INS and 90 00."""

    def __init__(self, slot):
        super().__init__(daemon=True)
        self.slot = slot
        self.sock = socket.create_connection(("127.0.0.1", VPCD_PORT + slot), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.stopped = False

    def recv_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def run(self):
        self.sock.settimeout(None)
        try:
            while True:
                (length,) = struct.unpack(">H", self.recv_exact(2))
                payload = self.recv_exact(length)
                if length == 1:
                    if payload[0] == 0x04:
                        self.send(CARD_ATR)
                    continue
                self.send(bytes([0xA0 + self.slot, payload[1], 0x90, 0x00]))
        except (EOFError, OSError):
            pass

    def send(self, data):
        self.sock.sendall(struct.pack(">H", len(data)) + data)

    def close(self):
        self.sock.close()


@pytest.fixture(scope="module")
def slot_cards(pcsc):
    cards = [VirtualCard(0), VirtualCard(1)]
    for c in cards:
        c.start()
    for slot in (0, 1):
        pcsc.wait_state(pcsc.reader(READER_SLOTS, slot), True)
    yield cards
    for c in cards:
        c.close()


def test_two_slots_of_one_reader_are_listed_and_used_in_parallel(pcsc, slot_cards):
    def slot_client(slot):
        def body():
            ctx = Pcsc()
            try:
                card, active = ctx.connect(ctx.reader(READER_SLOTS, slot), scard.SCARD_PROTOCOL_T1)
                for ins in range(0x10, 0x10 + EXCHANGES):
                    rv, response = scard.SCardTransmit(card, active, [0x00, ins, 0x00, 0x00])
                    check(rv)
                    assert response == [0xA0 + slot, ins, 0x90, 0x00], (slot, response)
                scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
            finally:
                ctx.close()
        return body
    run_threads([slot_client(0), slot_client(1), slot_client(0), slot_client(1)])
