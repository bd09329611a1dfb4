# SPDX-License-Identifier: MIT
"""pcscd + ReaderKit's IFD handler (DEVICENAME vpcd:127.0.0.1:35970) + Debian's vicc, driven
through pyscard. Runs inside scripts/pcscd-sandbox.sh with pcscd/readerkit-vpcd.conf: the
sandbox's network namespace keeps the fixed port private to this run."""
import time

import pytest
from smartcard import scard

import vicc_harness as vh

PORT = 35970
READER = "ReaderKit vpcd 00 00"


@pytest.fixture
def context():
    rc, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert rc == scard.SCARD_S_SUCCESS
    yield ctx
    scard.SCardReleaseContext(ctx)


def wait_state(ctx, want, timeout=30.0):
    """Waits until the reader's state has the `want` bit (SCARD_STATE_PRESENT / EMPTY)."""
    deadline = time.monotonic() + timeout
    states = [(READER, scard.SCARD_STATE_UNAWARE)]
    while time.monotonic() < deadline:
        rc, states = scard.SCardGetStatusChange(ctx, 500, states)
        if rc == scard.SCARD_S_SUCCESS and states[0][1] & want:
            return states[0]
        states = [(READER, states[0][1] & ~scard.SCARD_STATE_CHANGED)] if states else \
            [(READER, scard.SCARD_STATE_UNAWARE)]
    raise AssertionError(f"reader never reached state {want:#x}")


def connect(ctx):
    rc, card, protocol = scard.SCardConnect(ctx, READER, scard.SCARD_SHARE_SHARED,
                                            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
    assert rc == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(rc)
    return card, protocol


def transmit(card, apdu_hex):
    rc, response = scard.SCardTransmit(card, scard.SCARD_PCI_T1, list(bytes.fromhex(apdu_hex)))
    assert rc == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(rc)
    return bytes(response)


def start_card(ctx):
    """Starts vicc once the reader is empty, so a state left over from an earlier test's
    card is never taken for the new one."""
    wait_state(ctx, scard.SCARD_STATE_EMPTY)
    return vh.start_vicc(PORT)


@pytest.fixture
def vicc(context):
    proc = start_card(context)
    yield proc
    vh.kill_vicc(proc)


def test_reader_is_listed(context):
    rc, readers = scard.SCardListReaders(context, [])
    assert rc == scard.SCARD_S_SUCCESS and READER in readers


def test_vicc_card_through_pcscd(context, vicc):
    state = wait_state(context, scard.SCARD_STATE_PRESENT)
    assert bytes(state[2]) == vh.VICC_ATR
    card, protocol = connect(context)
    assert protocol == scard.SCARD_PROTOCOL_T1
    rc, _, _, _, atr = scard.SCardStatus(card)
    assert rc == scard.SCARD_S_SUCCESS and bytes(atr) == vh.VICC_ATR
    challenge = transmit(card, "0084000008")
    assert len(challenge) == 10 and challenge[-2:] == b"\x90\x00"
    assert transmit(card, "0084000008") != challenge
    assert transmit(card, "00A4000C023F00") == b"\x90\x00"
    assert transmit(card, "00B0000010") == b"\x69\x86"  # vicc's MF is empty: no current EF
    assert transmit(card, "00E000000D620B8201018302010180020010") == b"\x90\x00"
    assert transmit(card, "00A4020C020101") == b"\x90\x00"
    assert transmit(card, "00B0000004") == b"\x00\x00\x00\x00\x90\x00"
    scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)


def test_killed_vicc_is_removal_and_a_new_vicc_is_a_new_card(context):
    proc = start_card(context)
    try:
        wait_state(context, scard.SCARD_STATE_PRESENT)
        card, _ = connect(context)
        assert transmit(card, "0084000008")[-2:] == b"\x90\x00"
        vh.kill_vicc(proc)
        wait_state(context, scard.SCARD_STATE_EMPTY)
        rc, _ = scard.SCardTransmit(card, scard.SCARD_PCI_T1, list(bytes.fromhex("0084000008")))
        assert rc in (scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD), hex(rc & 0xFFFFFFFF)
        scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    finally:
        vh.kill_vicc(proc)
    proc = start_card(context)
    try:
        wait_state(context, scard.SCARD_STATE_PRESENT)
        card, _ = connect(context)
        assert transmit(card, "0084000008")[-2:] == b"\x90\x00"
        scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    finally:
        vh.kill_vicc(proc)
