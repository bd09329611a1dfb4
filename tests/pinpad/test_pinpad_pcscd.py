# SPDX-License-Identifier: MIT
"""The virtual PIN pad through pcscd (docs/pinpad.md): PC/SC part 10 features seen by pyscard,
VERIFY and CHANGE built by the reader from what the control socket "typed", every part 10
result word, on T=0 and T=1. The readertest applet's INS 20 checks the digits and INS 40 shows
the exact APDU the card got. Runs inside scripts/pcscd-sandbox.sh with tests/pinpad/reader.conf.d."""
import os
import socket
import struct
import subprocess
import time

import pytest
from smartcard import scard

RUN_DIR = os.environ.get("READERKIT_RUN_DIR", "/run/readerkit")
FEATURES = {0x06: "VERIFY_PIN_DIRECT", 0x07: "MODIFY_PIN_DIRECT", 0x0A: "IFD_PIN_PROPERTIES",
            0x12: "GET_TLV_PROPERTIES"}
PROTOCOLS = {"T0": scard.SCARD_PROTOCOL_T0, "T1": scard.SCARD_PROTOCOL_T1}


def typed(*words):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(os.path.join(RUN_DIR, "pinpad.sock"))
        s.sendall((" ".join(words) + "\n").encode())
        reply = s.recv(4096).decode().strip()
    assert reply == "ok", reply


def verify_structure(template, timeout=0, min_digits=4, max_digits=8, fmt=0x82, block=0x00):
    """PIN_VERIFY_STRUCTURE: ASCII digits from the template's data start, variable block."""
    return list(struct.pack("<BBBBBHBBHB3sI", timeout, 0, fmt, block, 0,
                            (min_digits << 8) | max_digits, 0x02, 0x01, 0x0409, 0,
                            b"\0\0\0", len(template)) + bytes(template))


def modify_structure(template, confirm, offset_old=0, offset_new=4, timeout=0):
    """PIN_MODIFY_STRUCTURE: ASCII, 4-byte blocks (exactly 4 digits), old then new."""
    return list(struct.pack("<BBBBBBBHBBBHBBB3sI", timeout, 0, 0x82, 0x04, 0, offset_old,
                            offset_new, (4 << 8) | 4, confirm, 0x02, 0x03, 0x0409, 0, 0, 0,
                            b"\0\0\0", len(template)) + bytes(template))


class Card:
    def __init__(self, context, reader, protocol):
        rv, self.handle, self.protocol = scard.SCardConnect(context, reader, scard.SCARD_SHARE_SHARED,
                                                            protocol)
        assert rv == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(rv)

    def features(self):
        rv, tlv = scard.SCardControl(self.handle, scard.SCARD_CTL_CODE(3400), [])
        assert rv == scard.SCARD_S_SUCCESS
        return {tlv[i]: int.from_bytes(bytes(tlv[i + 2:i + 6]), "big")
                for i in range(0, len(tlv), 6)}

    def control(self, feature, data):
        rv, out = scard.SCardControl(self.handle, self.features()[feature], data)
        assert rv == scard.SCARD_S_SUCCESS, scard.SCardGetErrorMessage(rv)
        return bytes(out)

    def transmit(self, apdu):
        pci = scard.SCARD_PCI_T0 if self.protocol == scard.SCARD_PROTOCOL_T0 else scard.SCARD_PCI_T1
        rv, out = scard.SCardTransmit(self.handle, pci, apdu)
        assert rv == scard.SCARD_S_SUCCESS
        return bytes(out)

    def last_verify(self):
        """INS 40: the header and data of the last INS 20 the card got (over T=0 the card
        answers 6Cxx to Le 00, and the command is sent again with Le = xx)."""
        answer = self.transmit([0x80, 0x40, 0x00, 0x00, 0x00])
        if len(answer) == 2 and answer[0] == 0x6C:
            answer = self.transmit([0x80, 0x40, 0x00, 0x00, answer[1]])
        return answer

    def close(self):
        scard.SCardDisconnect(self.handle, scard.SCARD_RESET_CARD)


@pytest.fixture(scope="module")
def context():
    rv, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert rv == scard.SCARD_S_SUCCESS
    yield ctx
    scard.SCardReleaseContext(ctx)


def reader_named(context, prefix):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        rv, names = scard.SCardListReaders(context, [])
        for n in names if rv == scard.SCARD_S_SUCCESS else []:
            if n.startswith(prefix):
                return n
        time.sleep(0.05)
    raise AssertionError(prefix)


@pytest.fixture(params=["T0", "T1"])
def card(request, context):
    c = Card(context, reader_named(context, "RK PinPad"), PROTOCOLS[request.param])
    assert c.protocol == PROTOCOLS[request.param]
    yield c
    c.close()


VERIFY = [0x80, 0x20, 0x00, 0x00, 0x00]


def test_features_are_listed_only_for_the_pin_pad_reader(context):
    pinpad = Card(context, reader_named(context, "RK PinPad"), scard.SCARD_PROTOCOL_T1)
    plain = Card(context, reader_named(context, "RK Plain"), scard.SCARD_PROTOCOL_T1)
    try:
        assert set(pinpad.features()) == {0x06, 0x07, 0x0A, 0x12}
        assert set(plain.features()) == {0x12}
        tlv = pinpad.control(0x12, [])
        props = {}
        i = 0
        while i < len(tlv):
            props[tlv[i]] = tlv[i + 2:i + 2 + tlv[i + 1]]
            i += 2 + tlv[i + 1]
        assert props[0x01] == b"\0\0"         # wLcdLayout: no display
        assert props[0x02] == b"\x02"         # validation key
        assert props[0x06] == b"\x04" and props[0x07] == b"\x08"  # bMin/MaxPINSize
        assert 0x06 not in {t for t in [plain.control(0x12, [])[0]]}
        assert pinpad.control(0x0A, []) == b"\x00\x00\x02\x00"  # PIN_PROPERTIES_STRUCTURE
    finally:
        pinpad.close()
        plain.close()


def test_opensc_sees_the_pin_pad_reader_only(context):
    """OpenSC reads the same features: `opensc-tool -l` marks the reader "PIN pad"."""
    out = subprocess.run(["opensc-tool", "-l"], capture_output=True, text=True, timeout=60)
    # OpenSC leaves the cards powered with the protocol it chose: reset them for the next tests.
    for name in ("RK PinPad", "RK Plain"):
        Card(context, reader_named(context, name),
             scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1).close()
    assert out.returncode == 0, out.stderr
    rows = {line.split("   ")[-1].strip(): line for line in out.stdout.splitlines()
            if "RK " in line}
    assert [name for name, line in rows.items() if "PIN pad" in line] == ["RK PinPad 01 00"], rows
    assert "RK Plain 00 00" in rows


def test_verify_sends_the_digits_typed_and_returns_the_cards_answer(card):
    typed("pin", "1234")
    assert card.control(0x06, verify_structure(VERIFY)) == b"\x90\x00"
    assert card.last_verify() == bytes([0x80, 0x20, 0x00, 0x00, 0x04]) + b"1234" + b"\x90\x00"


def test_a_wrong_pin_is_the_cards_refusal(card):
    typed("pin", "1235")
    answer = card.control(0x06, verify_structure(VERIFY))
    assert answer[0] == 0x6A, answer.hex()


def test_timeout_is_6400(card):
    started = time.monotonic()
    assert card.control(0x06, verify_structure(VERIFY, timeout=1)) == b"\x64\x00"
    assert 0.9 < time.monotonic() - started < 10


def test_cancel_is_6401(card):
    typed("pin", "cancel")
    assert card.control(0x06, verify_structure(VERIFY)) == b"\x64\x01"


@pytest.mark.parametrize("digits", ["12", "123456789"])
def test_pin_length_out_of_range_is_6403(card, digits):
    typed("pin", digits)
    assert card.control(0x06, verify_structure(VERIFY)) == b"\x64\x03"


def test_invalid_structure_is_6b80_and_asks_for_nothing(card):
    typed("pin", "1234")
    bad = verify_structure(VERIFY)[:-3]  # ulDataLength says more than follows
    assert card.control(0x06, bad) == b"\x6B\x80"
    # The entry typed above is still queued: the bad structure consumed nothing.
    assert card.control(0x06, verify_structure(VERIFY)) == b"\x90\x00"


def test_modify_with_matching_confirmation(card):
    typed("pin", "1234")
    typed("pin", "5678")
    typed("pin", "5678")
    template = [0x80, 0x20, 0x00, 0x00, 0x08] + [0xFF] * 8
    assert card.control(0x07, modify_structure(template, confirm=0x03)) == b"\x90\x00"
    assert card.last_verify() == bytes([0x80, 0x20, 0x00, 0x00, 0x08]) + b"12345678\x90\x00"


def test_modify_with_different_confirmation_is_6402(card):
    typed("pin", "1234")
    typed("pin", "5678")
    typed("pin", "5679")
    template = [0x80, 0x20, 0x00, 0x00, 0x08] + [0xFF] * 8
    assert card.control(0x07, modify_structure(template, confirm=0x03)) == b"\x64\x02"


def test_pin_digits_never_reach_pcscds_log():
    log = open(os.environ["READERKIT_PCSCD_LOG"]).read()
    for secret in ["1234", "5678", "5679", "1235"]:
        assert f"pin {secret}" not in log
