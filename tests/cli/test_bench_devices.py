# SPDX-License-Identifier: MIT
"""`readerkit bench --devices N` (docs/cli.md "bench", docs/performance.md "Memory per device"):
N idle simulated devices, each with a card tracking request pending, then a card in each."""
import os

from rkcli import cli, lines_of

# A sanitizer pads and quarantines every allocation, so RSS says nothing about ours there: the
# sanitized build checks the rest (no thread, every request completes).
MEMORY_IS_OURS = os.environ.get("READERKIT_SANITIZED") != "1"


def test_ten_thousand_idle_devices_stay_small():
    """Issue 16's scale target: 10,000 devices, each with a card tracking request pending, at
    most 16 KiB each and no thread; every request completes when its card comes."""
    proc = cli("bench", "--devices", "10000", timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [j] = lines_of(proc)
    print(j)
    assert j["status"] == "STATUS_SUCCESS"
    assert j["devices"] == 10000 and j["completed"] == 10000
    assert j["threads_added"] == 0
    if MEMORY_IS_OURS:
        assert j["bytes_per_device"] <= 16 * 1024


def test_devices_record_in_json():
    proc = cli("bench", "--devices", "300")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [j] = lines_of(proc)
    assert j["cmd"] == "bench" and j["status"] == "STATUS_SUCCESS"
    assert j["devices"] == 300 and j["completed"] == 300
    assert j["threads_added"] == 0  # tracking requests pend on no thread
    assert 0 < j["bytes_per_device"] <= 16 * 1024 * 4  # RSS is coarse for 300 devices
    assert 0 <= j["insert_all_s"] <= j["complete_all_s"]
    assert j["open_s"] > 0
    assert "apdus_per_s" not in j


def test_devices_human_text():
    proc = cli("bench", "--devices", "20", json_output=False)
    assert proc.returncode == 0, proc.stderr
    for text in ["20 simulated", "bytes per idle device", "0 added", "20 of 20 requests"]:
        assert text in proc.stdout


def test_the_spec_keeps_its_profile_and_loses_its_card():
    proc = cli("bench", "--devices", "5", reader="sim:profile=t1:card=absent")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert lines_of(proc)[0]["completed"] == 5


def test_refusals_are_usage_errors():
    cases = [
        (["bench", "--devices", "3"], "vpcd:127.0.0.1:1", "needs a sim reader"),
        (["bench", "--devices", "3"], "sim:control=/tmp/readerkit-bench-devices", "control socket"),
        (["bench", "--devices", "3", "--count", "5"], None, "excludes"),
        (["bench", "--devices", "0"], None, ""),
    ]
    for args, reader, message in cases:
        proc = cli(*args, reader=reader)
        assert proc.returncode == 2, (args, proc.stdout)
        [j] = lines_of(proc)
        assert j["cmd"] == "bench" and j["status"] == "usage-error"
        assert message in j["error"]


def test_a_bad_profile_is_an_error():
    proc = cli("bench", "--devices", "3", reader="sim:profile=no-such-profile")
    assert proc.returncode == 1
    [j] = lines_of(proc)
    assert j["status"] == "error" and "no-such-profile" in j["error"]
