# SPDX-License-Identifier: MIT
"""Output streams: JSON stays one object per stdout line with --trace and logging on (they go
to stderr); human mode is labelled text with errors on stderr."""
import json
import subprocess

from rkcli import CLI, TIMEOUT


def run(*argv, stdin=None):
    return subprocess.run([CLI, *argv], input=stdin, capture_output=True, text=True,
                          timeout=TIMEOUT)


def test_trace_and_log_go_to_stderr():
    proc = run("--json", "--trace", "--log", "all", "run", "-",
               stdin="power cold\nprotocol T1\ntransmit 8030000000\n")
    assert proc.returncode == 0
    lines = [json.loads(l) for l in proc.stdout.splitlines()]
    assert [l["status"] for l in lines] == ["STATUS_SUCCESS"] * 3
    assert "[IOCTL]" in proc.stderr
    assert "3B95968031804D524B53494D31" in proc.stderr.replace(" ", "")  # the ATR on the line


def test_verbosity_flags():
    quiet = run("--json", "ioctl", "GET_STATE")
    loud = run("--json", "-vv", "ioctl", "GET_STATE")
    assert quiet.stderr == "" and "[IOCTL]" in loud.stderr
    assert quiet.stdout == loud.stdout


def test_bad_log_level_is_a_usage_error():
    assert run("--log", "shouty", "status").returncode == 2


def test_json_flag_after_the_command():
    proc = run("ioctl", "GET_STATE", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["output"] == "03000000"


def test_human_errors_on_stderr_results_on_stdout():
    proc = run("run", "-", stdin="ioctl GET_STATE\npower sideways\n")
    assert proc.returncode == 2
    assert "SCARD_SWALLOWED" in proc.stdout
    assert "not in {cold,warm,down}" in proc.stderr
    assert "not in {cold,warm,down}" not in proc.stdout


def test_human_status_is_labelled():
    proc = run("--reader", "sim:profile=t1", "status")
    assert proc.returncode == 0
    for label in ["reader", "state", "SCARD_SWALLOWED", "VENDOR_NAME", "ReaderKit"]:
        assert label in proc.stdout


def test_no_command_is_a_usage_error():
    assert run().returncode == 2
    assert run("--json").returncode == 2
