# SPDX-License-Identifier: MIT
"""The contract's failure rows (docs/contract/ioctl.md §4) as `readerkit --json run` shows them."""
import pytest

from rkcli import le32, run_script

CASES = [
    # (setup lines, the command, expected status)
    ("card remove", "power cold", "STATUS_NO_MEDIA"),
    ("card remove", "protocol T1", "STATUS_NO_MEDIA"),
    ("card remove", "transmit 8030000000", "STATUS_NO_MEDIA"),
    ("card remove", "attr get ATR_STRING", "STATUS_NO_MEDIA"),
    ("", "transmit 8030000000", "STATUS_INVALID_DEVICE_STATE"),
    ("", "protocol T1", "STATUS_INVALID_DEVICE_STATE"),
    ("power cold", "transmit 8030000000", "STATUS_INVALID_DEVICE_STATE"),
    ("power cold", "attr get CURRENT_PROTOCOL_TYPE", "STATUS_INVALID_DEVICE_STATE"),
    ("power cold\nprotocol T1", "transmit 8030000000 --protocol T0", "STATUS_INVALID_DEVICE_STATE"),
    ("", "power cold --out-size 32", "STATUS_BUFFER_TOO_SMALL"),
    ("", "ioctl GET_STATE --out-size 3", "STATUS_BUFFER_TOO_SMALL"),
    ("", "ioctl GET_LAST_ERROR --out-size 0", "STATUS_BUFFER_TOO_SMALL"),
    ("power cold", "protocol T1 --out-size 3", "STATUS_BUFFER_TOO_SMALL"),
    ("power cold\nprotocol T1", "transmit 8034001010 --out-size 7", "STATUS_BUFFER_TOO_SMALL"),
    ("power cold\nprotocol T1", "transmit 8034001010 --out-size 20", "STATUS_BUFFER_TOO_SMALL"),
    ("", "ioctl POWER", "STATUS_INVALID_PARAMETER"),
    ("", "ioctl POWER 07000000", "STATUS_INVALID_PARAMETER"),
    ("", "ioctl POWER 010000", "STATUS_INVALID_PARAMETER"),
    ("", "ioctl GET_ATTRIBUTE 0300", "STATUS_INVALID_PARAMETER"),
    ("", "ioctl TRANSMIT 01000000", "STATUS_INVALID_PARAMETER"),
    ("", "ioctl EJECT", "STATUS_NOT_SUPPORTED"),
    ("card remove", "ioctl EJECT", "STATUS_NOT_SUPPORTED"),
    ("", "ioctl SWALLOW", "STATUS_NOT_SUPPORTED"),
    ("", "ioctl CONFISCATE", "STATUS_NOT_SUPPORTED"),
    ("", "attr get 0x7FFF00FF", "STATUS_NOT_SUPPORTED"),
    ("", "ioctl 0x00310FFC", "STATUS_INVALID_DEVICE_REQUEST"),
    ("", "ioctl 0x12345678", "STATUS_INVALID_DEVICE_REQUEST"),
    ("", "ioctl IOCTL_SMARTCARD_SET_PROTOCOL 04000000 --out-size 4", "STATUS_INVALID_DEVICE_REQUEST"),
]


@pytest.mark.parametrize("setup,command,expected", CASES)
def test_failure_row(setup, command, expected):
    rc, lines = run_script(setup + "\n" + command + "\n")
    assert rc == 0, "statuses are data: the script itself ran"
    last = lines[-1]
    assert last["status"] == expected
    assert last["information"] == 0 and last["output"] == ""
    assert last["ntstatus"].startswith("0x") and len(last["ntstatus"]) == 10


def test_last_error_records_the_failure():
    rc, lines = run_script("card remove\npower cold\nioctl GET_LAST_ERROR\nioctl GET_STATE\n"
                           "ioctl GET_LAST_ERROR\n")
    assert rc == 0
    assert le32(lines[2]["output"]) == 0xC0000178  # NO_MEDIA
    assert le32(lines[4]["output"]) == 0xC0000178  # GET_LAST_ERROR never changes it


def test_ioctl_line_fields():
    rc, lines = run_script("ioctl IOCTL_SMARTCARD_GET_STATE\n")
    assert rc == 0
    assert lines == [{"cmd": "ioctl", "ioctl": "IOCTL_SMARTCARD_GET_STATE", "code": "0x00310038",
                      "status": "STATUS_SUCCESS", "ntstatus": "0x00000000", "information": 4,
                      "output": "03000000"}]


def test_pcsclite_form_code_is_the_same_request():
    rc, lines = run_script("ioctl 0x4200000E\n")
    assert rc == 0
    assert lines[0]["code"] == "0x00310038" and lines[0]["status"] == "STATUS_SUCCESS"


def test_vendor_codes_reach_the_driver():
    # the simulated reader registers RDF_IOCTL_VENDOR (docs/sim.md "Vendor IOCTLs")
    rc, lines = run_script("ioctl 0x00312000\nioctl 0x00313FFC\nioctl 0x00312000 --out-size 4\n")
    assert rc == 0
    assert bytes.fromhex(lines[0]["output"]).startswith(b"ReaderKit Simulated Reader firmware")
    assert lines[0]["ioctl"] is None and lines[0]["information"] == len(lines[0]["output"]) // 2
    assert lines[1]["status"] == "STATUS_INVALID_DEVICE_REQUEST"
    assert lines[2]["status"] == "STATUS_BUFFER_TOO_SMALL"
