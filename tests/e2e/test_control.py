# SPDX-License-Identifier: MIT
"""SCardControl through IFDHControl: PC/SC part 10 features, read-only standard IOCTLs,
refusal of state-changing and (unless allowed) vendor IOCTLs."""
import struct

import pytest
from smartcard import scard

from conftest import READER_EXTENDED, READER_MAIN, READER_VENDOR, check, u32

FEATURE_REQUEST_PCSCLITE = 0x42000D48
FEATURE_REQUEST_WINDOWS = 0x00313520
FEATURE_GET_TLV_PROPERTIES = 0x12
IOCTL_GET_STATE = 0x00310038
IOCTL_GET_ATTRIBUTE = 0x00310008
IOCTL_GET_LAST_ERROR = 0x0031003C
IOCTL_GET_PERF_CNTR = 0x00310040
IOCTL_POWER = 0x00310004
IOCTL_SET_PROTOCOL = 0x00310030
IOCTL_IS_ABSENT = 0x0031002C
IOCTL_EJECT = 0x00310018
PCSCLITE_ESCAPE = 0x42000001
WINDOWS_VENDOR_FIRST = 0x00312000
WINDOWS_VENDOR_LAST = 0x00313FFC
WINDOWS_CCID_ESCAPE = 0x003136B0  # SCARD_CTL_CODE(3500)
STATUS_NOT_SUPPORTED = 0xC00000BB
STATUS_INVALID_PARAMETER = 0xC000000D


def control(card, code, data=()):
    rv, out = scard.SCardControl(card, code, list(data))
    return u32(rv), bytes(out)


def features(card, request):
    rv, out = control(card, request)
    assert rv == scard.SCARD_S_SUCCESS
    assert len(out) % 6 == 0
    found = {}
    for i in range(0, len(out), 6):
        assert out[i + 1] == 4
        found[out[i]] = struct.unpack(">I", out[i + 2:i + 6])[0]
    return found


def tlv(data):
    out, i = {}, 0
    while i < len(data):
        tag, length = data[i], data[i + 1]
        out[tag] = int.from_bytes(data[i + 2:i + 2 + length], "little")
        i += 2 + length
    return out


@pytest.fixture(scope="module")
def main_card(pcsc):
    card, _ = pcsc.connect(pcsc.reader(READER_MAIN), scard.SCARD_PROTOCOL_T1)
    yield card
    scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)


@pytest.mark.parametrize("request_code,form", [(FEATURE_REQUEST_PCSCLITE, 0x42000000),
                                               (FEATURE_REQUEST_WINDOWS, 0x00310000)])
def test_feature_request_in_both_forms_lists_tlv_properties(main_card, request_code, form):
    listed = features(main_card, request_code)
    assert FEATURE_GET_TLV_PROPERTIES in listed
    code = listed[FEATURE_GET_TLV_PROPERTIES]
    assert code & 0xFFFF0000 == form & 0xFFFF0000
    rv, data = control(main_card, code)
    assert rv == scard.SCARD_S_SUCCESS
    assert tlv(data)[10] == 65536  # dwMaxAPDUDataSize: the simulated reader does extended APDUs


def test_tlv_properties_on_a_direct_connection(pcsc):
    card, _ = pcsc.connect(pcsc.reader(READER_EXTENDED), 0, scard.SCARD_SHARE_DIRECT)
    code = features(card, FEATURE_REQUEST_PCSCLITE)[FEATURE_GET_TLV_PROPERTIES]
    rv, data = control(card, code)
    assert rv == scard.SCARD_S_SUCCESS and tlv(data)[10] == 65536
    scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)


def test_unknown_control_code_is_unsupported(main_card):
    rv, out = control(main_card, 0x42000D48 + 0x30)
    assert rv == scard.SCARD_E_UNSUPPORTED_FEATURE and out == b""


def test_read_only_ioctls_reach_the_device(main_card):
    rv, state = control(main_card, IOCTL_GET_STATE)
    assert rv == scard.SCARD_S_SUCCESS and struct.unpack("<I", state)[0] == 6  # SCARD_SPECIFIC
    rv, atr = control(main_card, IOCTL_GET_ATTRIBUTE, struct.pack("<I", 0x00090303))
    assert rv == scard.SCARD_S_SUCCESS
    assert atr == bytes(scard.SCardStatus(main_card)[4])
    rv, perf = control(main_card, IOCTL_GET_PERF_CNTR)
    assert rv == scard.SCARD_S_SUCCESS and len(perf) == 16
    rv, last = control(main_card, IOCTL_GET_LAST_ERROR)
    assert rv == scard.SCARD_S_SUCCESS and len(last) == 4


@pytest.mark.parametrize("code", [IOCTL_POWER, IOCTL_SET_PROTOCOL, IOCTL_IS_ABSENT, IOCTL_EJECT])
def test_state_changing_ioctls_are_refused(main_card, code):
    rv, out = control(main_card, code, struct.pack("<I", 1))
    assert rv == scard.SCARD_E_UNSUPPORTED_FEATURE and out == b""
    rv, state = control(main_card, IOCTL_GET_STATE)
    assert struct.unpack("<I", state)[0] == 6  # still SPECIFIC: nothing happened


def last_error(card):
    rv, data = control(card, IOCTL_GET_LAST_ERROR)
    assert rv == scard.SCARD_S_SUCCESS
    return struct.unpack("<I", data)[0]


def mark_last_error(card):
    """Makes the device's last error INVALID_PARAMETER (a GET_ATTRIBUTE with a 2-byte id),
    so a later change shows that a request reached the device."""
    rv, _ = control(card, IOCTL_GET_ATTRIBUTE, b"\x03\x03")
    assert rv != scard.SCARD_S_SUCCESS
    assert last_error(card) == STATUS_INVALID_PARAMETER


@pytest.mark.parametrize("code", [PCSCLITE_ESCAPE, WINDOWS_VENDOR_FIRST, WINDOWS_CCID_ESCAPE,
                                  WINDOWS_VENDOR_LAST])
def test_vendor_ioctls_are_refused_by_default_before_reaching_the_device(main_card, code):
    mark_last_error(main_card)
    rv, out = control(main_card, code, b"\x01\x02")
    assert rv == scard.SCARD_E_UNSUPPORTED_FEATURE and out == b""
    assert last_error(main_card) == STATUS_INVALID_PARAMETER  # the device never saw it


@pytest.fixture
def vendor_card(pcsc):
    card, _ = pcsc.connect(pcsc.reader(READER_VENDOR), 0, scard.SCARD_SHARE_DIRECT)
    yield card
    scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)


# docs/sim.md "Vendor IOCTLs": the simulated reader's RDF_IOCTL_VENDOR table.
SIM_FIRMWARE = b"ReaderKit Simulated Reader firmware 1.0"
STATUS_INVALID_DEVICE_REQUEST = 0xC0000010


@pytest.mark.parametrize("code", [PCSCLITE_ESCAPE, WINDOWS_CCID_ESCAPE])
def test_vendor_escape_is_answered_by_the_driver_when_the_reader_allows_it(vendor_card, code):
    # pcsc-lite's escape and the Windows CCID escape both reach the sim's escape, which
    # echoes its input and answers its firmware string to an empty input.
    assert control(vendor_card, code, b"\x01\x02\xA5") == (scard.SCARD_S_SUCCESS, b"\x01\x02\xA5")
    assert control(vendor_card, code) == (scard.SCARD_S_SUCCESS, SIM_FIRMWARE)


def test_vendor_get_firmware_is_answered_when_the_reader_allows_it(vendor_card):
    assert control(vendor_card, WINDOWS_VENDOR_FIRST, b"\x00") == (scard.SCARD_S_SUCCESS,
                                                                     SIM_FIRMWARE)


def test_unknown_vendor_code_reaches_the_driver_and_is_refused_there(vendor_card):
    mark_last_error(vendor_card)
    rv, out = control(vendor_card, WINDOWS_VENDOR_LAST, b"\x01\x02")
    assert rv != scard.SCARD_S_SUCCESS and out == b""
    assert last_error(vendor_card) == STATUS_INVALID_DEVICE_REQUEST  # the driver saw it
