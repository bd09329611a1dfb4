# SPDX-License-Identifier: MIT
"""`fault ...` on the simulated reader through the CLI: the contract's expected outcomes
(docs/contract/cli.md `fault`)."""
import pytest

from rkcli import le32, run_script

READY = "power cold\nprotocol T1\n"


@pytest.mark.parametrize("fault", ["edc every=2 dir=card", "edc every=3 dir=reader",
                                   "drop every=3", "wtx count=2", "slow ms=20"])
def test_recovered_faults_leave_the_exchange_successful(fault):
    rc, lines = run_script(READY + f"fault {fault}\ntransmit 8034001010\ntransmit 8030000000\n")
    assert rc == 0
    assert lines[2] == {"cmd": "fault", "status": "ok", "command": fault}
    assert lines[3]["status"] == "STATUS_SUCCESS" and lines[3]["sw"] == "9000"
    assert lines[3]["response"].startswith("000102030405060708090A0B0C0D0E0F")
    assert lines[4]["sw"] == "9000"


def test_mute_times_out_and_clear_recovers():
    rc, lines = run_script(READY + "fault mute\ntransmit 8030000000\nfault clear\n"
                           "power cold\nprotocol T1\ntransmit 8030000000\n")
    assert rc == 0
    assert lines[3]["status"] == "STATUS_IO_TIMEOUT"
    assert lines[7]["sw"] == "9000"


def test_remove_during_transmit():
    rc, lines = run_script(READY + "fault remove-during-transmit\ntransmit 8030000000\n"
                           "ioctl GET_STATE\n")
    assert rc == 0
    assert lines[3]["status"] == "STATUS_NO_MEDIA"
    assert le32(lines[4]["output"]) == 1  # ABSENT


def test_atr_garbage_is_unrecognized_media_and_powered():
    rc, lines = run_script("fault atr-garbage\npower cold\nioctl GET_STATE\n")
    assert rc == 0
    assert lines[1]["status"] == "STATUS_UNRECOGNIZED_MEDIA"
    assert le32(lines[2]["output"]) == 4  # POWERED


def test_pps_refuse_still_selects_the_protocol():
    rc, lines = run_script("fault pps-refuse\npower cold\nprotocol T0,T1\nattr get CURRENT_F\n")
    assert rc == 0
    assert lines[2]["status"] == "STATUS_SUCCESS"
    assert le32(lines[3]["output"]) == 372  # default parameters


def test_unknown_fault_is_refused():
    rc, lines = run_script("fault bogus\n")
    assert rc == 0
    assert lines[0]["status"] == "refused" and lines[0]["message"]
