# SPDX-License-Identifier: MIT
"""Pending requests: ids, completion events after the triggering command's line, cancel,
unknown ids, and the final-status line of an ioctl that pends without --async."""
from rkcli import run_script


def test_is_absent_completes_after_the_card_line():
    rc, lines = run_script("ioctl IS_ABSENT --async\nioctl GET_STATE\ncard remove\nioctl GET_STATE\n")
    assert rc == 0
    assert lines[0]["status"] == "STATUS_PENDING" and lines[0]["id"] == 1
    assert lines[0]["information"] == 0
    assert lines[1]["cmd"] == "ioctl"
    assert lines[2] == {"cmd": "card", "status": "ok", "command": "remove"}
    assert lines[3] == {"event": "completed", "id": 1, "status": "STATUS_SUCCESS", "information": 0}
    assert lines[4]["cmd"] == "ioctl"
    assert len(lines) == 5


def test_is_present_completes_on_insertion_and_ids_count_up():
    rc, lines = run_script("card remove\nioctl IS_PRESENT --async\ncard insert\n"
                           "ioctl IS_ABSENT --async\ncard remove\n")
    assert rc == 0
    kinds = [l.get("cmd") or l["event"] for l in lines]
    assert kinds == ["card", "ioctl", "card", "completed", "ioctl", "card", "completed"]
    assert [lines[1]["id"], lines[4]["id"]] == [1, 2]
    assert lines[3]["id"] == 1 and lines[6]["id"] == 2
    assert lines[3]["status"] == lines[6]["status"] == "STATUS_SUCCESS"


def test_condition_already_true_succeeds_at_once_without_id():
    rc, lines = run_script("ioctl IS_PRESENT --async\nioctl IS_PRESENT\n")
    assert rc == 0
    assert [l["status"] for l in lines] == ["STATUS_SUCCESS", "STATUS_SUCCESS"]
    assert all("id" not in l for l in lines)


def test_cancel_then_unknown_id():
    rc, lines = run_script("ioctl IS_ABSENT --async\ncancel 1\ncancel 1\ncancel 42\n"
                           "ioctl IS_ABSENT --async\n")
    assert rc == 0
    assert lines[1] == {"cmd": "cancel", "status": "ok", "id": 1}
    assert lines[2] == {"event": "completed", "id": 1, "status": "STATUS_CANCELLED", "information": 0}
    assert lines[3]["status"] == "unknown-id" and lines[4]["status"] == "unknown-id"
    assert lines[5]["id"] == 2
    # the reader closes at the end of the script: the request still pending ends CANCELLED
    assert lines[6] == {"event": "completed", "id": 2, "status": "STATUS_CANCELLED", "information": 0}


def test_second_tracking_request_is_busy():
    rc, lines = run_script("ioctl IS_ABSENT --async\nioctl IS_ABSENT --async\n"
                           "ioctl IS_PRESENT --async\ncard remove\n")
    assert rc == 0
    assert lines[1]["status"] == "STATUS_DEVICE_BUSY" and "id" not in lines[1]
    assert lines[2]["status"] == "STATUS_SUCCESS"  # already true: answered at once
    assert lines[4]["event"] == "completed" and lines[4]["id"] == 1


def test_wait_prints_its_line_and_nothing_pends():
    rc, lines = run_script("wait 10\n")
    assert rc == 0
    assert lines == [{"cmd": "wait", "status": "ok", "ms": 10}]


def test_pending_ioctl_without_async_times_out_cancelled():
    rc, lines = run_script("ioctl IS_ABSENT --timeout 50\nioctl GET_STATE\n")
    assert rc == 0
    assert lines[0]["status"] == "STATUS_PENDING" and lines[0]["id"] == 1
    assert lines[1] == {"event": "completed", "id": 1, "status": "STATUS_CANCELLED", "information": 0}
    assert lines[2]["cmd"] == "ioctl"
