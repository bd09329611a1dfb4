# SPDX-License-Identifier: MIT
"""readertest cases 1-4 through pcscd (docs/contract/readertest.md), short over T=0 and T=1,
extended over the `extended` profile. Over T=0 the client does the GET RESPONSE step:
pcscd and the handler pass 61xx through unchanged."""
import pytest
from smartcard import scard

from conftest import PROTOCOLS, READER_EXTENDED, READER_MAIN, READER_T0, check, pattern, transmit

SHORT_LENGTHS = [1, 2, 3, 15, 16, 17, 31, 32, 33, 127, 128, 129, 200, 254, 255]


@pytest.fixture(params=[("T0", READER_MAIN), ("T1", READER_MAIN), ("T0", READER_T0)],
                ids=["T0", "T1", "T0-only-card"])
def session(request, pcsc):
    name, reader = request.param
    card, active = pcsc.connect(pcsc.reader(reader), PROTOCOLS[name])
    assert active == PROTOCOLS[name]
    yield card, active
    check(scard.SCardDisconnect(card, scard.SCARD_RESET_CARD))


def exchange_case4(card, active, data, out_len):
    """Case 4 as a client does it: over T=0 the card says 61xx and we fetch the bytes."""
    p1p2 = [(out_len >> 8) & 0xFF, out_len & 0xFF]
    if active == scard.SCARD_PROTOCOL_T0:
        reply, sw = transmit(card, active, [0x80, 0x36] + p1p2 + [len(data)] + data)
        assert reply == [] and sw == 0x6100 | (out_len & 0xFF), hex(sw)
        return transmit(card, active, [0x80, 0xC0, 0x00, 0x00, out_len & 0xFF])
    return transmit(card, active, [0x80, 0x36] + p1p2 + [len(data)] + data + [out_len & 0xFF])


def test_case4_with_le_over_t0_is_sent_as_case3(session):
    """ISO/IEC 7816-3 §12.2.4: with Le over T=0 the card gets the case 3 TPDU and says 61xx;
    the application fetches the bytes with GET RESPONSE (no SCARD_E_NOT_TRANSACTED)."""
    card, active = session
    if active != scard.SCARD_PROTOCOL_T0:
        pytest.skip("T=0 only")
    for n in [1, 16, 255]:
        apdu = [0x80, 0x36, 0x00, n, 4] + pattern(4) + [n]
        assert transmit(card, active, apdu) == ([], 0x6100 | n), n
        assert transmit(card, active, [0x80, 0xC0, 0x00, 0x00, n]) == (pattern(n), 0x9000), n


def test_case1(session):
    card, active = session
    assert transmit(card, active, [0x80, 0x30, 0x00, 0x00]) == ([], 0x9000)
    assert transmit(card, active, [0x80, 0x30, 0x00, 0x00, 0x00]) == ([], 0x9000)


def test_case2_every_length(session):
    card, active = session
    for n in SHORT_LENGTHS + [256]:
        apdu = [0x80, 0x34, (n >> 8) & 0xFF, n & 0xFF, n & 0xFF]
        assert transmit(card, active, apdu) == (pattern(n), 0x9000), n


def test_case3_every_length(session):
    card, active = session
    for n in SHORT_LENGTHS:
        assert transmit(card, active, [0x80, 0x32, 0x00, 0x00, n] + pattern(n)) == ([], 0x9000), n


def test_case3_wrong_data_names_the_first_bad_byte(session):
    card, active = session
    data = pattern(10)
    data[7] = 0xEE
    assert transmit(card, active, [0x80, 0x32, 0x00, 0x00, 10] + data) == ([], 0x6A07)


def test_case4_every_length(session):
    card, active = session
    for n in SHORT_LENGTHS + [256]:
        assert exchange_case4(card, active, pattern(n % 255 + 1), n) == (pattern(n), 0x9000), n


@pytest.fixture
def extended(pcsc):
    card, active = pcsc.connect(pcsc.reader(READER_EXTENDED), scard.SCARD_PROTOCOL_T1)
    yield card, active
    check(scard.SCardDisconnect(card, scard.SCARD_RESET_CARD))


EXTENDED_LENGTHS = [256, 257, 1000, 4096, 65535]


def test_extended_case3(extended):
    card, active = extended
    for n in EXTENDED_LENGTHS:
        apdu = [0x80, 0x32, 0x00, 0x00, 0x00, n >> 8, n & 0xFF] + pattern(n)
        assert transmit(card, active, apdu) == ([], 0x9000), n


def test_extended_case2(extended):
    card, active = extended
    for n in EXTENDED_LENGTHS:
        apdu = [0x80, 0x34, n >> 8, n & 0xFF, 0x00, n >> 8, n & 0xFF]
        assert transmit(card, active, apdu) == (pattern(n), 0x9000), n


def test_extended_case4_up_to_the_largest_buffers(extended):
    card, active = extended
    for n_in, n_out in [(300, 300), (65535, 65535), (1, 65535), (65535, 1)]:
        apdu = ([0x80, 0x36, n_out >> 8, n_out & 0xFF, 0x00, n_in >> 8, n_in & 0xFF]
                + pattern(n_in) + [n_out >> 8, n_out & 0xFF])
        assert transmit(card, active, apdu) == (pattern(n_out), 0x9000), (n_in, n_out)


def test_reader_test_suites_extended_commands(extended):
    """What HandlerTest -e and validation.py -e send (docs/sim.md): INS 12 (case 3E) and
    INS 00 (case 2E, Le bytes of value P2), without a SELECT first."""
    card, active = extended
    for n in EXTENDED_LENGTHS:
        apdu = [0x80, 0x12, 0x01, 0x80, 0x00, n >> 8, n & 0xFF] + pattern(n)
        assert transmit(card, active, apdu) == ([], 0x9000), n
        apdu = [0x80, 0x00, 0x04, 0x42, 0x00, n >> 8, n & 0xFF]
        assert transmit(card, active, apdu) == ([0x42] * n, 0x9000), n
