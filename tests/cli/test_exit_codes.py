# SPDX-License-Identifier: MIT
"""Exit statuses (docs/contract/cli.md "Exit status")."""
import os
import tempfile

import pytest

from rkcli import cli, lines_of


@pytest.mark.parametrize("args,reader,code", [
    (["status"], None, 0),
    (["power", "cold"], None, 0),
    (["ioctl", "GET_STATE"], None, 0),
    (["ioctl", "IOCTL_SMARTCARD_GET_STATE", "--out-size", "2"], None, 1),
    (["power", "cold"], "sim:card=absent", 1),
    (["transmit", "8030000000"], None, 0),  # one-shot: powers and negotiates first
    (["transmit", "8030000000", "--no-auto"], None, 1),
    (["transmit", "8030000000"], "sim:card=absent", 1),
    (["ioctl", "EJECT"], None, 1),
    (["ioctl", "IS_PRESENT", "--async"], "sim:card=absent", 0),
    (["ioctl", "IS_ABSENT", "--async"], None, 0),
    (["card", "remove"], None, 0),
    (["card", "insert"], None, 1),          # a card is already in the slot: refused
    (["cancel", "1"], None, 1),             # unknown-id
    (["wait", "1"], None, 0),
    (["atr", "3B00"], None, 0),
    (["atr", "3B01"], None, 1),             # malformed: truncated
    (["power", "lukewarm"], None, 2),
    (["frobnicate"], None, 2),
    (["atr", "XYZ"], None, 2),
    (["attr", "get", "NO_SUCH_ATTRIBUTE"], None, 2),
    (["ioctl", "NO_SUCH_IOCTL"], None, 2),
    (["protocol", "T7"], None, 2),
    (["transmit"], None, 2),
    (["sim-control", "/nonexistent/readerkit.sock", "card", "remove"], None, 1),
    (["sim-control", "/nonexistent/readerkit.sock", "reboot"], None, 2),
    (["status"], "nosuchkind", 1),
])
def test_single_command_exit_status(args, reader, code):
    proc = cli(*args, reader=reader)
    assert proc.returncode == code, proc.stdout + proc.stderr


def test_async_request_left_pending_ends_cancelled_when_the_process_exits():
    proc = cli("ioctl", "IS_ABSENT", "--async")
    lines = lines_of(proc)
    assert lines[0]["status"] == "STATUS_PENDING" and lines[0]["id"] == 1
    assert lines[1] == {"event": "completed", "id": 1, "status": "STATUS_CANCELLED", "information": 0}


def test_run_with_failure_statuses_exits_0():
    proc = cli("run", "-", stdin="card remove\npower cold\ntransmit 00\n")
    assert proc.returncode == 0
    assert [l["status"] for l in lines_of(proc)] == ["ok", "STATUS_NO_MEDIA", "STATUS_NO_MEDIA"]


def test_run_with_a_bad_line_exits_2_and_runs_the_rest():
    proc = cli("run", "-", stdin="status\npower sideways\nioctl GET_STATE\n")
    assert proc.returncode == 2
    lines = lines_of(proc)
    assert [l["cmd"] for l in lines] == ["status", "power", "ioctl"]
    assert lines[1]["status"] == "usage-error" and lines[1]["error"]
    assert lines[2]["status"] == "STATUS_SUCCESS"


def test_run_file_comments_and_blank_lines():
    with tempfile.NamedTemporaryFile("w", suffix=".rk", delete=False) as f:
        f.write("# a comment\n\n   \nioctl GET_STATE   # trailing comment\n")
    try:
        proc = cli("run", f.name)
    finally:
        os.unlink(f.name)
    assert proc.returncode == 0
    assert [l["status"] for l in lines_of(proc)] == ["STATUS_SUCCESS"]


def test_run_missing_file_exits_2():
    assert cli("run", "/nonexistent/script.rk").returncode == 2


def test_run_with_empty_stdin_exits_0():
    proc = cli("run", "-", stdin="")
    assert proc.returncode == 0 and proc.stdout == ""


def test_help_exits_0():
    assert cli("--help", json_output=False).returncode == 0
    assert cli("power", "--help", json_output=False).returncode == 0


def test_run_includes_another_script_and_stops_runaway_recursion():
    with tempfile.TemporaryDirectory() as d:
        inner = os.path.join(d, "inner.rk")
        loop = os.path.join(d, "loop.rk")
        with open(inner, "w") as f:
            f.write("ioctl GET_STATE\n")
        with open(loop, "w") as f:
            f.write(f"run {loop}\n")
        proc = cli("run", "-", stdin=f"run {inner}\nioctl GET_STATE\n")
        assert proc.returncode == 0
        assert [l["cmd"] for l in lines_of(proc)] == ["ioctl", "ioctl"]
        runaway = cli("run", loop)
        assert runaway.returncode == 2
        assert lines_of(runaway)[-1]["status"] == "usage-error"


def test_run_against_a_reader_that_does_not_open_exits_2():
    proc = cli("run", "-", reader="nosuchkind", stdin="status\n")
    assert proc.returncode == 2
    assert lines_of(proc)[0]["status"] == "error"


def test_slot_that_does_not_exist():
    proc = cli("--slot", "5", "status")
    assert proc.returncode == 1
    assert lines_of(proc)[0]["status"] == "error"


MAX_SCRIPT_LINE = 256 * 1024  # docs/cli.md "Script lines"


def test_run_of_an_endless_line_ends_with_a_usage_error():
    # /dev/zero never holds a newline: the line cap ends the run instead of growing forever.
    proc = cli("run", "/dev/zero", timeout=20)
    assert proc.returncode == 2
    lines = lines_of(proc)
    assert lines[-1]["cmd"] == "run" and lines[-1]["status"] == "usage-error"
    assert "longer than" in lines[-1]["error"]


def test_a_line_over_the_cap_ends_the_run_whatever_follows():
    script = "status\n" + "#" * (MAX_SCRIPT_LINE + 1) + "\nstatus\n"
    proc = cli("run", "-", stdin=script)
    assert proc.returncode == 2
    lines = lines_of(proc)
    assert [l["cmd"] for l in lines] == ["status", "run"]


def test_a_line_at_the_cap_is_accepted():
    script = "# " + "x" * (MAX_SCRIPT_LINE - 2) + "\nstatus\n"
    proc = cli("run", "-", stdin=script)
    assert proc.returncode == 0, proc.stdout[-300:]
    assert [l["cmd"] for l in lines_of(proc) if "cmd" in l] == ["status"]


def test_a_50_megabyte_line_is_refused_promptly():
    # Before the cap, such a line was rescanned on every read and took about 19 s.
    proc = cli("run", "-", stdin="x" * (50 * 1024 * 1024) + "\n", timeout=10)
    assert proc.returncode == 2
