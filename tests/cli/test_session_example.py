# SPDX-License-Identifier: MIT
"""examples/session.rk (the README's main job) runs cleanly in both output modes, and bench
reports its numbers."""
import os

from rkcli import SOURCE_DIR, cli, lines_of

SESSION = os.path.join(SOURCE_DIR, "examples", "session.rk")


def test_session_json():
    proc = cli("run", SESSION)
    assert proc.returncode == 0, proc.stderr
    lines = lines_of(proc)
    requests = [l for l in lines if "ioctl" in l]
    assert requests and all(l["status"] == "STATUS_SUCCESS" for l in requests)
    transmits = [l for l in lines if l["cmd"] == "transmit"]
    assert all(l["sw"] == "9000" for l in transmits)
    greeting = [l for l in transmits if l["response"].startswith(b"ReaderKit".hex().upper())]
    assert greeting, "the file system read returns EF 2F02"
    assert [l["status"] for l in lines if l["cmd"] == "card"] == ["ok", "ok", "ok"]


def test_session_human():
    proc = cli("run", SESSION, json_output=False)
    assert proc.returncode == 0, proc.stderr
    for text in ["IOCTL_SMARTCARD_POWER", "TS = 3B", "SCARD_SPECIFIC", "STATUS_SUCCESS",
                 "90 00  success", '"ReaderKit"']:
        assert text in proc.stdout


def test_bench_json():
    for protocol, case in [("T1", "2"), ("T0", "3"), ("T1", "4"), ("T0", "4"), ("T1", "1")]:
        proc = cli("bench", "--count", "20", "--protocol", protocol, "--case", case)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        j = lines_of(proc)[0]
        assert j["cmd"] == "bench" and j["status"] == "STATUS_SUCCESS"
        assert j["count"] == 20 and j["errors"] == 0 and j["protocol"] == protocol
        assert j["apdus_per_s"] > 0 and 0 < j["median_us"] <= j["p99_us"] <= j["max_us"]


def test_bench_without_card_fails():
    proc = cli("bench", "--count", "5", reader="sim:card=absent")
    assert proc.returncode == 1
    assert lines_of(proc)[0]["status"] == "STATUS_NO_MEDIA"
