# SPDX-License-Identifier: MIT
"""`sim-control PATH ...` against a reader living in another `readerkit run` process
(control=PATH), with completion events reaching the driving process as they happen."""
import os
import tempfile

import pytest

from rkcli import Driver, cli, lines_of, wait_for_socket


@pytest.fixture
def socket_path():
    with tempfile.TemporaryDirectory() as d:
        yield os.path.join(d, "sim.sock")


def test_removal_from_another_process_completes_is_absent(socket_path):
    d = Driver(f"sim:control={socket_path}")
    try:
        wait_for_socket(socket_path)
        d.send("ioctl IS_ABSENT --async")
        assert d.read()["id"] == 1
        proc = cli("sim-control", socket_path, "card", "remove")
        assert proc.returncode == 0
        assert lines_of(proc) == [{"cmd": "sim-control", "status": "ok", "command": "card remove"}]
        # printed while the script waits for its next line
        assert d.read() == {"event": "completed", "id": 1, "status": "STATUS_SUCCESS",
                            "information": 0}
        d.send("ioctl GET_STATE")
        assert d.read()["output"] == "01000000"
        rc, rest = d.close()
        assert rc == 0 and rest == []
    finally:
        d.kill()


def test_blocking_ioctl_prints_its_final_status(socket_path):
    d = Driver(f"sim:card=absent:control={socket_path}")
    try:
        wait_for_socket(socket_path)
        d.send("ioctl IS_PRESENT")
        pending = d.read()
        assert pending["status"] == "STATUS_PENDING" and pending["id"] == 1
        assert cli("sim-control", socket_path, "card", "insert", "t1").returncode == 0
        assert d.read() == {"event": "completed", "id": 1, "status": "STATUS_SUCCESS",
                            "information": 0}
        d.send("power cold")
        assert d.read()["status"] == "STATUS_SUCCESS"
        rc, _ = d.close()
        assert rc == 0
    finally:
        d.kill()


def test_faults_and_refusals(socket_path):
    d = Driver(f"sim:control={socket_path}")
    try:
        wait_for_socket(socket_path)
        assert cli("sim-control", socket_path, "fault", "mute").returncode == 0
        assert cli("sim-control", socket_path, "fault", "clear").returncode == 0
        refused = cli("sim-control", socket_path, "fault", "no-such-fault")
        assert refused.returncode == 1
        assert lines_of(refused)[0]["status"] == "refused"
        assert cli("sim-control", socket_path, "card", "insert").returncode == 1  # occupied
        d.send("status")
        assert d.read()["state"] == "SCARD_SWALLOWED"
        rc, _ = d.close()
        assert rc == 0
    finally:
        d.kill()


def test_unreachable_socket():
    proc = cli("sim-control", "/nonexistent/readerkit.sock", "card", "remove")
    assert proc.returncode == 1
    assert lines_of(proc)[0]["status"] == "unreachable"
