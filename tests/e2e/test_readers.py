# SPDX-License-Identifier: MIT
"""Reader listing, DEVICENAME handling, SCardConnect in every mode, SCardReconnect."""
import subprocess

import pytest
from smartcard import scard

from conftest import (ALWAYS_PRESENT, PROTOCOLS, READER_MAIN, READER_T0, check, pcscd_log,
                      transmit, u32)

CASE2_16 = [0x80, 0x34, 0x00, 0x10, 0x10]


def test_every_configured_reader_is_listed(pcsc):
    names = pcsc.readers()
    for prefix in ALWAYS_PRESENT:
        assert any(n.startswith(prefix + " ") for n in names), names


def test_wrong_devicename_is_refused_with_a_clear_log_line_and_pcscd_keeps_serving(pcsc):
    assert not any(n.startswith("RK Bad ") for n in pcsc.readers())
    log = pcscd_log()
    assert "ReaderKit: cannot open reader 'nosuch:profile=default'" in log
    assert "unknown reader kind 'nosuch'" in log
    card, active = pcsc.connect(pcsc.reader(READER_MAIN), scard.SCARD_PROTOCOL_T1)
    assert transmit(card, active, CASE2_16)[1] == 0x9000
    scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)


@pytest.mark.parametrize("name", ["T0", "T1"])
def test_connect_with_one_protocol(pcsc, name):
    card, active = pcsc.connect(pcsc.reader(READER_MAIN), PROTOCOLS[name])
    assert active == PROTOCOLS[name]
    data, sw = transmit(card, active, CASE2_16)
    assert (data, sw) == (list(range(16)), 0x9000)
    check(scard.SCardDisconnect(card, scard.SCARD_RESET_CARD))


def test_connect_with_either_protocol_prefers_t1(pcsc):
    card, active = pcsc.connect(pcsc.reader(READER_MAIN),
                                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
    assert active == scard.SCARD_PROTOCOL_T1
    scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)


def test_connect_t1_to_a_t0_only_card_is_a_protocol_mismatch(pcsc):
    rv, card, _ = scard.SCardConnect(pcsc.context, pcsc.reader(READER_T0),
                                     scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T1)
    assert u32(rv) == scard.SCARD_E_PROTO_MISMATCH
    card, active = pcsc.connect(pcsc.reader(READER_T0),
                                scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
    assert active == scard.SCARD_PROTOCOL_T0
    scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)


def test_direct_connection_reaches_the_reader_without_a_protocol(pcsc):
    card, active = pcsc.connect(pcsc.reader(READER_MAIN), 0, scard.SCARD_SHARE_DIRECT)
    assert active == 0
    rv, vendor = scard.SCardGetAttrib(card, scard.SCARD_ATTR_VENDOR_NAME)
    check(rv)
    assert bytes(vendor).rstrip(b"\0") == b"ReaderKit"
    scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)


@pytest.mark.parametrize("disposition", [scard.SCARD_RESET_CARD, scard.SCARD_UNPOWER_CARD])
def test_reconnect_resets_or_unpowers_and_the_card_answers_again(pcsc, disposition):
    reader = pcsc.reader(READER_MAIN)
    card, active = pcsc.connect(reader, scard.SCARD_PROTOCOL_T1)
    rv, _, _, _, atr_before = scard.SCardStatus(card)
    check(rv)
    for protocol in (scard.SCARD_PROTOCOL_T0, scard.SCARD_PROTOCOL_T1):
        rv, active = scard.SCardReconnect(card, scard.SCARD_SHARE_SHARED, protocol, disposition)
        check(rv, "SCardReconnect")
        assert active == protocol
        assert transmit(card, active, CASE2_16) == (list(range(16)), 0x9000)
    rv, _, _, _, atr_after = scard.SCardStatus(card)
    check(rv)
    assert atr_after == atr_before
    scard.SCardDisconnect(card, scard.SCARD_UNPOWER_CARD)


def test_pcsc_scan_lists_the_readers():
    out = subprocess.run(["pcsc_scan", "-r"], capture_output=True, text=True, timeout=30,
                         stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    for prefix in ALWAYS_PRESENT:
        assert prefix + " " in out.stdout, out.stdout
