# SPDX-License-Identifier: MIT
"""The card state machine through `readerkit --json run`: insert -> power -> protocol ->
transmit -> power down -> remove, with the contract's statuses and GET_STATE values."""
import pytest

from rkcli import le32, run_script

STATE = {"ABSENT": 1, "SWALLOWED": 3, "NEGOTIABLE": 5, "SPECIFIC": 6}

SCRIPT = """
card remove
ioctl GET_STATE
card insert {profile}
ioctl GET_STATE
power cold
ioctl GET_STATE
protocol {protocol}
ioctl GET_STATE
transmit 8034000808
transmit 80320000080001020304050607
power down
ioctl GET_STATE
card remove
ioctl GET_STATE
"""


@pytest.mark.parametrize("profile,protocol,selected", [
    ("default", "T0,T1", 2),
    ("t1", "T1", 2),
    ("t0", "T0", 1),
    ("default", "T0", 1),
])
def test_full_cycle(profile, protocol, selected):
    rc, lines = run_script(SCRIPT.format(profile=profile, protocol=protocol))
    assert rc == 0
    assert [l["cmd"] for l in lines] == ["card", "ioctl", "card", "ioctl", "power", "ioctl",
                                         "protocol", "ioctl", "transmit", "transmit", "power",
                                         "ioctl", "card", "ioctl"]
    states = [le32(l["output"]) for l in lines if l.get("ioctl") == "IOCTL_SMARTCARD_GET_STATE"]
    assert states == [STATE["ABSENT"], STATE["SWALLOWED"], STATE["NEGOTIABLE"],
                      STATE["SPECIFIC"], STATE["SWALLOWED"], STATE["ABSENT"]]
    power, proto, case2, case3 = lines[4], lines[6], lines[8], lines[9]
    assert power["status"] == "STATUS_SUCCESS"
    assert power["information"] == len(power["output"]) // 2 > 2
    assert power["output"][:2] == "3B"
    assert proto["status"] == "STATUS_SUCCESS" and le32(proto["output"]) == selected
    assert case2["status"] == "STATUS_SUCCESS"
    assert case2["response"] == "0001020304050607" + "9000"
    assert case2["sw"] == "9000"
    # output = SCARD_IO_REQUEST header (protocol in use, 8) then the response
    assert le32(case2["output"][:8]) == selected and le32(case2["output"][8:16]) == 8
    assert case2["information"] == 8 + 10
    assert case3["sw"] == "9000"
    assert lines[10]["status"] == "STATUS_SUCCESS" and lines[10]["output"] == ""


def test_t0_case4_tpdu_answers_61xx():
    # Over T=0 the bytes go as given: a case 4 TPDU gets 61xx back, GET RESPONSE fetches it.
    rc, lines = run_script("card insert t0\npower cold\nprotocol T0\n"
                           "transmit 80360004040001 0203\ntransmit 80C0000004\n")
    assert rc == 0
    assert lines[3]["sw"] == "6104"
    assert lines[4]["response"] == "00010203" + "9000"


def test_warm_reset_keeps_card_and_renegotiates():
    rc, lines = run_script("power cold\nprotocol T1\npower warm\nioctl GET_STATE\nprotocol T1\n"
                           "transmit 8030000000\n")
    assert rc == 0
    assert [l["status"] for l in lines] == ["STATUS_SUCCESS"] * 6
    assert le32(lines[3]["output"]) == STATE["NEGOTIABLE"]
    assert lines[5]["sw"] == "9000"


def test_attributes_by_name_and_id():
    rc, lines = run_script("power cold\nprotocol T1\nattr get ATR_STRING\nattr get 0x00090303\n"
                           "attr get VENDOR_NAME\nattr get CURRENT_PROTOCOL_TYPE\n"
                           "attr set DEVICE_IN_USE 01000000\nattr get DEVICE_IN_USE\n")
    assert rc == 0
    assert all(l["status"] == "STATUS_SUCCESS" for l in lines)
    atr = lines[0]["output"]
    assert lines[2]["output"] == atr and lines[3]["output"] == atr
    assert bytes.fromhex(lines[4]["output"]) == b"ReaderKit"
    assert le32(lines[5]["output"]) == 2
    assert lines[7]["output"] == "01000000"
    assert all(l["cmd"] == "attr" and l["ioctl"].endswith("_ATTRIBUTE") for l in lines[2:])


def test_status_reports_state_without_changing_last_error():
    rc, lines = run_script("power cold --out-size 4\nstatus\nioctl GET_LAST_ERROR\n"
                           "power cold\nprotocol T1\nstatus\n")
    assert rc == 0
    assert lines[0]["status"] == "STATUS_BUFFER_TOO_SMALL"
    assert lines[1]["state"] == "SCARD_SWALLOWED" and lines[1]["atr"] is None
    assert lines[1]["last_error"] == "STATUS_BUFFER_TOO_SMALL"
    assert le32(lines[2]["output"]) == 0xC0000023
    assert lines[5]["state"] == "SCARD_SPECIFIC" and lines[5]["protocol"] == "T1"
    assert lines[5]["atr"] == lines[3]["output"]


def test_apdu_helper_fetches_the_t0_response():
    rc, lines = run_script("card remove\ncard insert t0\npower cold\nprotocol T0\n"
                           "transmit 80360004040001020304 --apdu\n"
                           "transmit 8034000808 --apdu\n")
    assert rc == 0
    case4, case2 = lines[4], lines[5]
    assert case4["status"] == "STATUS_SUCCESS" and case4["response"] == "00010203" + "9000"
    assert le32(case4["output"][:8]) == 1  # header: T=0
    assert case2["response"] == "0001020304050607" + "9000"


def test_apdu_helper_over_t1_passes_the_apdu():
    rc, lines = run_script("power cold\nprotocol T1\ntransmit 80360004040001020304 --apdu\n")
    assert rc == 0
    assert lines[2]["response"] == "00010203" + "9000" and lines[2]["sw"] == "9000"
