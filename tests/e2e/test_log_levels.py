# SPDX-License-Identifier: MIT
"""Routine outcomes are no errors in pcscd's log (docs/ifdhandler.md "Logging"): a client
asking for an attribute the reader lacks, or sending a command the library refuses, must not
leave a ReaderKit line at pcscd's error priority (the suite runs pcscd at its default level,
which shows error lines only)."""
import pytest
from smartcard import scard

import conftest
from conftest import READER_MAIN, check, pcscd_log, u32

VENDOR_IFD_SERIAL_NO = 0x00010103  # empty on the simulated reader: NOT_SUPPORTED
UNKNOWN_ATTRIBUTE = 0x7FFF00FE


def readerkit_lines_after(start):
    assert conftest.PCSCD_LOG, "READERKIT_PCSCD_LOG is not set: run the suite through pcscd-sandbox.sh"
    return [line for line in pcscd_log()[start:].splitlines() if "ReaderKit" in line]


@pytest.fixture
def card(pcsc):
    card, active = pcsc.connect(pcsc.reader(READER_MAIN), scard.SCARD_PROTOCOL_T0)
    yield card, active
    check(scard.SCardDisconnect(card, scard.SCARD_RESET_CARD))


def test_absent_attribute_is_not_an_error(card):
    start = len(pcscd_log())
    for attribute in (VENDOR_IFD_SERIAL_NO, UNKNOWN_ATTRIBUTE):
        rv, _ = scard.SCardGetAttrib(card[0], attribute)
        assert u32(rv) == scard.SCARD_E_UNSUPPORTED_FEATURE
    assert readerkit_lines_after(start) == []


def test_refused_command_is_not_an_error(card):
    start = len(pcscd_log())
    # Two bytes of data where P3 says three: no T=0 TPDU, refused before the card.
    rv, _ = scard.SCardTransmit(card[0], card[1], [0x80, 0x32, 0x00, 0x00, 0x03, 0x00, 0x01])
    assert u32(rv) != scard.SCARD_S_SUCCESS
    assert readerkit_lines_after(start) == []
