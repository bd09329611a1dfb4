# SPDX-License-Identifier: MIT
"""pcscd stops in the middle of a pcsc: session: the card is reported gone, requests end in
STATUS_NO_MEDIA, nothing hangs, and readerkit exits normally. Runs alone in its own sandbox
(tests/pcsc/CMakeLists.txt), because it stops that sandbox's pcscd."""
import subprocess
import time

from pcsc_helpers import TimedDriver

T1 = "pcsc:RK PcscT1"


def test_pcscd_stopping_mid_session_is_a_removal_not_a_hang():
    driver = TimedDriver(T1)
    try:
        for line in ["power cold", "protocol T1", "transmit 8030000000"]:
            driver.send(line)
            assert driver.read()[1]["status"] == "STATUS_SUCCESS", line
        driver.send("ioctl IS_ABSENT --async")
        assert driver.read()[1]["status"] == "STATUS_PENDING"
        stopped_at = time.monotonic()
        subprocess.run(["pkill", "-TERM", "-x", "pcscd"], check=True)
        at, event = driver.read(timeout=15)
        assert event.get("event") == "completed" and event["status"] == "STATUS_SUCCESS", event
        assert at - stopped_at < 10
        for line, status in [("transmit 8030000000", "STATUS_NO_MEDIA"),
                             ("power cold", "STATUS_NO_MEDIA"),
                             ("status", None)]:
            driver.send(line)
            _, reply = driver.read(timeout=15)
            if status:
                assert reply["status"] == status, (line, reply)
            else:
                assert reply["state"] == "SCARD_ABSENT", reply
        started = time.monotonic()
        code, _ = driver.close(timeout=15)
        assert code == 0 and time.monotonic() - started < 5
    finally:
        driver.proc.kill()
