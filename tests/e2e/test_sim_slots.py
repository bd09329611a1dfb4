# SPDX-License-Identifier: MIT
"""A simulated reader with two slots (`sim:...:slots=2`): one reader.conf entry, two PC/SC
readers, usable at the same time, card movements of one slot invisible on the other."""
import threading

import pytest
from smartcard import scard

from conftest import READER_DUAL, check, pattern, sim_control, transmit, u32

SLOTS = (0, 1)


@pytest.fixture
def dual(pcsc):
    """The two readers' names, both with a card; left that way afterwards."""
    names = [pcsc.reader(READER_DUAL, slot) for slot in SLOTS]
    for name in names:
        pcsc.wait_state(name, True)
    yield names
    for slot, name in zip(SLOTS, names):
        if not pcsc.state(name) & scard.SCARD_STATE_PRESENT:
            sim_control("dual", "card", "insert", f"slot={slot}")
        pcsc.wait_state(name, True)


def test_one_entry_appears_as_two_readers(pcsc, dual):
    # pcscd names slot n of a reader "FRIENDLYNAME NN 0n" (NN: the reader's number).
    assert dual[0].endswith(" 00") and dual[1].endswith(" 01")
    assert dual[0][:-3] == dual[1][:-3]
    assert dual[0].startswith(READER_DUAL + " ")


def test_both_slots_are_usable_at_once(pcsc, dual):
    cards = [pcsc.connect(name, scard.SCARD_PROTOCOL_T1) for name in dual]
    errors = []

    def run(card, active):
        try:
            for n in (1, 64, 200, 255):
                data, sw = transmit(card, active, [0x80, 0x34, 0x00, n, n])
                assert (data, sw) == (pattern(n), 0x9000), f"case 2 Le={n}"
        except AssertionError as e:  # reported by the main thread
            errors.append(str(e))

    workers = [threading.Thread(target=run, args=c, daemon=True) for c in cards]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    assert not any(w.is_alive() for w in workers), "a transmit hung"
    assert errors == []
    for card, _ in cards:
        check(scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD), "SCardDisconnect")


def test_removal_in_slot_1_is_seen_only_on_slot_1(pcsc, dual):
    card0, active0 = pcsc.connect(dual[0], scard.SCARD_PROTOCOL_T1)
    before0 = pcsc.state(dual[0])
    sim_control("dual", "card", "remove", "slot=1")
    pcsc.wait_state(dual[1], False)
    # Slot 0 saw no event: waiting a second for a change of its state times out...
    rv, _ = scard.SCardGetStatusChange(pcsc.context, 1000, [(dual[0], before0)])
    assert u32(rv) == scard.SCARD_E_TIMEOUT, scard.SCardGetErrorMessage(rv)
    assert pcsc.state(dual[0]) & scard.SCARD_STATE_PRESENT
    # ...and its connected card still answers on the same handle.
    assert transmit(card0, active0, [0x80, 0x30, 0x00, 0x00]) == ([], 0x9000)
    check(scard.SCardDisconnect(card0, scard.SCARD_LEAVE_CARD), "SCardDisconnect")
    sim_control("dual", "card", "insert", "slot=1")
    pcsc.wait_state(dual[1], True)
