# SPDX-License-Identifier: MIT
"""SCardGetAttrib of every attribute of docs/contract/ioctl.md §5 through IFDHGetCapabilities."""
import ctypes
import struct

import pytest
from smartcard import scard

from conftest import READER_MAIN, check, u32

ULONG_ATTRIBUTES = {
    "VENDOR_IFD_VERSION": 0x00010102,
    "CHANNEL_ID": 0x00020110,
    "PROTOCOL_TYPES": 0x00030120,
    "DEFAULT_CLK": 0x00030121,
    "MAX_CLK": 0x00030122,
    "DEFAULT_DATA_RATE": 0x00030123,
    "MAX_DATA_RATE": 0x00030124,
    "MAX_IFSD": 0x00030125,
    "POWER_MGMT_SUPPORT": 0x00040131,
    "CHARACTERISTICS": 0x00060150,
    "CURRENT_PROTOCOL_TYPE": 0x00080201,
    "CURRENT_CLK": 0x00080202,
    "CURRENT_F": 0x00080203,
    "CURRENT_D": 0x00080204,
    "CURRENT_N": 0x00080205,
    "CURRENT_W": 0x00080206,
    "CURRENT_IFSC": 0x00080207,
    "CURRENT_IFSD": 0x00080208,
    "CURRENT_BWT": 0x00080209,
    "CURRENT_CWT": 0x0008020A,
    "CURRENT_EBC_ENCODING": 0x0008020B,
    "EXTENDED_BWT": 0x0008020C,
    "DEVICE_UNIT": 0x7FFF0001,
    "DEVICE_IN_USE": 0x7FFF0002,
    "SUPRESS_T1_IFS_REQUEST": 0x7FFF0007,
    "PERF_NUM_TRANSMISSIONS": 0x7FFE0001,
    "PERF_BYTES_TRANSMITTED": 0x7FFE0002,
    "PERF_TRANSMISSION_TIME": 0x7FFE0003,
}
STRING_ATTRIBUTES = {"VENDOR_NAME": 0x00010100, "VENDOR_IFD_TYPE": 0x00010101}
ATR_STRING = 0x00090303
ICC_PRESENCE = 0x00090300
ICC_INTERFACE_STATUS = 0x00090301
VENDOR_IFD_SERIAL_NO = 0x00010103


@pytest.fixture(scope="module")
def t1_card(pcsc):
    card, active = pcsc.connect(pcsc.reader(READER_MAIN), scard.SCARD_PROTOCOL_T1)
    yield card
    scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)


def get(card, attribute):
    rv, value = scard.SCardGetAttrib(card, attribute)
    check(rv, f"SCardGetAttrib 0x{attribute:08X}")
    return bytes(value)


@pytest.mark.parametrize("name", sorted(ULONG_ATTRIBUTES))
def test_ulong_attribute(t1_card, name):
    assert len(get(t1_card, ULONG_ATTRIBUTES[name])) == 4


@pytest.mark.parametrize("name", sorted(STRING_ATTRIBUTES))
def test_string_attribute(t1_card, name):
    value = get(t1_card, STRING_ATTRIBUTES[name])
    assert value and b"\0" not in value


def test_values_describe_the_t1_session(t1_card):
    def ulong(a):
        return struct.unpack("<I", get(t1_card, ULONG_ATTRIBUTES[a]))[0]
    assert ulong("CURRENT_PROTOCOL_TYPE") == 2
    assert ulong("PROTOCOL_TYPES") & 3 == 3
    assert ulong("CURRENT_IFSC") == 128  # the default profile's TA3
    assert get(t1_card, ICC_PRESENCE) == b"\x02"
    assert get(t1_card, ICC_INTERFACE_STATUS) == b"\x01"
    rv, _, _, _, atr = scard.SCardStatus(t1_card)
    check(rv)
    assert get(t1_card, ATR_STRING) == bytes(atr)


def test_empty_serial_number_is_unsupported(t1_card):
    rv, _ = scard.SCardGetAttrib(t1_card, VENDOR_IFD_SERIAL_NO)
    assert u32(rv) == scard.SCARD_E_UNSUPPORTED_FEATURE


def test_unknown_attribute_is_unsupported(t1_card):
    rv, _ = scard.SCardGetAttrib(t1_card, 0x7FFF00FE)
    assert u32(rv) == scard.SCARD_E_UNSUPPORTED_FEATURE


def test_too_small_buffer_is_insufficient_buffer(t1_card):
    # pyscard always sizes the buffer itself: call libpcsclite (already loaded by pyscard,
    # so the card handle is valid here) with a 2-byte buffer for the ATR.
    lib = ctypes.CDLL("libpcsclite.so.1")
    lib.SCardGetAttrib.restype = ctypes.c_long
    lib.SCardGetAttrib.argtypes = [ctypes.c_long, ctypes.c_ulong, ctypes.c_void_p,
                                   ctypes.POINTER(ctypes.c_ulong)]
    buffer = ctypes.create_string_buffer(2)
    length = ctypes.c_ulong(2)
    rv = lib.SCardGetAttrib(t1_card, ATR_STRING, buffer, ctypes.byref(length))
    assert u32(rv) == scard.SCARD_E_INSUFFICIENT_BUFFER
    length = ctypes.c_ulong(64)
    big = ctypes.create_string_buffer(64)
    check(lib.SCardGetAttrib(t1_card, ATR_STRING, big, ctypes.byref(length)))
    assert big.raw[:length.value] == get(t1_card, ATR_STRING)


# pcscd answers these itself from FRIENDLYNAME when the handler reports an unknown tag.
DEVICE_NAMES = {"FRIENDLY_NAME_A": 0x7FFF0003, "SYSTEM_NAME_A": 0x7FFF0004}


@pytest.mark.parametrize("name", sorted(DEVICE_NAMES))
def test_device_name_comes_from_pcscd(pcsc, t1_card, name):
    value = get(t1_card, DEVICE_NAMES[name])
    assert value.rstrip(b"\0").decode() == pcsc.reader(READER_MAIN)
