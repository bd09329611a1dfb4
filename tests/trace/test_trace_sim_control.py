# SPDX-License-Identifier: MIT
"""`trace start FILE [mask]` / `trace stop` on a simulated reader's control socket (docs/sim.md,
docs/trace.md): the trace covers what happens between them, in the reader's own process,
and `--pcap`'s trace of the same reader resumes after the stop."""
import json
import os
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
from rkcli import CLI, Driver, cli, lines_of, wait_for_socket  # noqa: E402


@pytest.fixture
def folder():
    with tempfile.TemporaryDirectory() as d:
        yield d


def control(socket_path, *words):
    proc = cli("sim-control", socket_path, *words)
    return proc.returncode, lines_of(proc)[0]


def events_of(pcap):
    proc = subprocess.run([CLI, "--json", "trace", pcap], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout
    return [json.loads(l) for l in proc.stdout.splitlines()]


def test_trace_started_and_stopped_from_another_process(folder):
    sock = os.path.join(folder, "sim.sock")
    pcap = os.path.join(folder, "control.pcap")
    d = Driver(f"sim:control={sock}")
    try:
        wait_for_socket(sock)
        d.send("power cold")
        assert d.read()["status"] == "STATUS_SUCCESS"
        assert control(sock, "trace", "start", pcap)[0] == 0
        d.send("protocol T1")
        assert d.read()["status"] == "STATUS_SUCCESS"
        d.send("transmit 00A4040006A000000018FF")
        assert d.read()["status"] == "STATUS_SUCCESS"
        assert control(sock, "trace", "stop")[0] == 0
        d.send("transmit 8030000000")  # after the stop: not in the file
        assert d.read()["status"] == "STATUS_SUCCESS"
        rc, _ = d.close()
        assert rc == 0
    finally:
        d.kill()
    records = events_of(pcap)
    names = [r["event"] for r in records]
    assert names[0] == "reader" and "ioctl_in" in names and "t1_block" in names
    assert "atr" not in names  # the power-on came before the start
    commands = [r["data"] for r in records if r["event"] == "apdu_command"]
    assert commands == ["00A4040006A000000018FF"]


def test_host_trace_resumes_after_stop_and_refusals(folder):
    sock = os.path.join(folder, "sim.sock")
    host = os.path.join(folder, "host.pcap")
    side = os.path.join(folder, "side.pcap")
    proc = subprocess.Popen([CLI, "--json", "--pcap", host, "--reader", f"sim:control={sock}",
                             "run", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        wait_for_socket(sock)
        rc, line = control(sock, "trace", "stop")
        assert rc == 1 and "no trace started" in line["message"]
        rc, line = control(sock, "trace", "start", "relative.pcap")
        assert rc == 1 and "absolute path" in line["message"]
        assert control(sock, "trace", "start", side, "mask")[0] == 0
        rc, line = control(sock, "trace", "start", side)
        assert rc == 1 and "trace stop first" in line["message"]
        assert control(sock, "card", "remove")[0] == 0
        assert control(sock, "trace", "stop")[0] == 0
        assert control(sock, "card", "insert")[0] == 0
        out, _ = proc.communicate("status\n", timeout=60)
        assert proc.returncode == 0, out
    finally:
        if proc.poll() is None:
            proc.kill()
    side_events = [r["event"] for r in events_of(side)]
    host_events = [r["event"] for r in events_of(host)]
    assert side_events == ["reader", "card_removed"]
    # The host's trace saw the first insertion and the one after the stop, not the removal.
    assert host_events.count("card_inserted") == 2 and "card_removed" not in host_events
