# SPDX-License-Identifier: MIT
"""`readerkit bench` on a terminal shows its progress on stderr, and Ctrl-C ends it with the
figures so far marked partial, exit 130 (docs/cli.md "bench"); `run FILE` shows its progress
when its output goes elsewhere (docs/cli.md "Progress")."""
import json
import os
import pty
import select
import signal
import subprocess
import time

from rkcli import CLI

DEADLINE = 30  # seconds; the machine is shared


def read_until(fd, needle, deadline):
    seen = b""
    while needle not in seen:
        assert time.monotonic() < deadline, f"no {needle!r} on the terminal: {seen!r}"
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            seen += os.read(fd, 4096)
    return seen


def start_on_terminal(argv, stdin=None):
    """Starts readerkit with stderr on a pseudo-terminal; returns (process, terminal fd)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=slave, text=True)
    os.close(slave)
    if stdin:
        proc.stdin.write(stdin)
        proc.stdin.close()
        proc.stdin = None  # communicate() must not flush it again
    return proc, master


def interrupt_when_running(proc, master):
    deadline = time.monotonic() + DEADLINE
    progress = read_until(master, b"APDUs", deadline)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=DEADLINE)
    os.close(master)
    return progress, out


def test_ctrl_c_prints_partial_figures_and_exits_130():
    proc, master = start_on_terminal([CLI, "--json", "bench", "-n", "10000000"])
    progress, out = interrupt_when_running(proc, master)
    assert b"bench " in progress and b"/10000000 APDUs" in progress
    assert proc.returncode == 130
    line = json.loads(out)
    assert line["partial"] is True and line["requested"] == 10000000
    assert 0 < line["count"] < 10000000
    assert line["errors"] == 0 and line["status"] == "STATUS_SUCCESS"
    assert line["median_us"] > 0


def test_ctrl_c_inside_run_ends_the_script():
    script = "bench -n 10000000\nstatus\n"
    proc, master = start_on_terminal([CLI, "--json", "run", "-"], stdin=script)
    _, out = interrupt_when_running(proc, master)
    lines = [json.loads(l) for l in out.splitlines() if l.strip()]
    assert proc.returncode == 130
    assert [l["cmd"] for l in lines] == ["bench"] and lines[0]["partial"] is True


def test_no_progress_and_no_partial_field_when_not_a_terminal():
    proc = subprocess.run([CLI, "--json", "bench", "-n", "100"], capture_output=True, text=True,
                          timeout=DEADLINE)
    assert proc.returncode == 0 and proc.stderr == ""
    line = json.loads(proc.stdout)
    assert "partial" not in line and line["count"] == 100


def test_a_script_file_shows_its_progress_when_its_output_is_redirected(tmp_path):
    # 40 lines of 50 ms: long enough for several redraws (every 100 ms).
    script = tmp_path / "slow.rk"
    script.write_text("wait 50\n" * 40)
    size = script.stat().st_size
    proc, master = start_on_terminal([CLI, "--json", "run", str(script)])
    seen = read_until(master, f"/{size} bytes".encode(), time.monotonic() + DEADLINE)
    out, _ = proc.communicate(timeout=DEADLINE)
    os.close(master)
    assert proc.returncode == 0
    assert seen.startswith(b"\rrun ") and b"%" in seen
    assert len(out.splitlines()) == 40  # the progress line never reaches the output


def test_a_script_on_stdin_has_no_size_and_no_progress():
    proc, master = start_on_terminal([CLI, "--json", "run", "-"], stdin="wait 50\n" * 10)
    out, _ = proc.communicate(timeout=DEADLINE)
    try:  # Linux answers EIO once the only writer has closed the terminal
        drawn = os.read(master, 4096) if select.select([master], [], [], 0.2)[0] else b""
    except OSError:
        drawn = b""
    os.close(master)
    assert proc.returncode == 0 and len(out.splitlines()) == 10
    assert b"run " not in drawn
