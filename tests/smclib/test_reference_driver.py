# SPDX-License-Identifier: MIT
"""The reference smclib driver (drivers/smclib-example, C against the WDK headers) through
`readerkit --reader smclib:...`, compared with the native simulated reader on the same profile:
the readertest cases 1-4 at several lengths on T=0, T=1 and inverse cards, extended APDUs,
faults, and card tracking with cancel (docs/smclib.md "The reference driver")."""
import os
import tempfile

import pytest

from rkcli import cli, lines_of

DRIVER = os.environ["READERKIT_SMCLIB_EXAMPLE"]


def smclib(options):
    return "smclib:" + DRIVER + ":" + options


def pattern(n):
    return "".join("%02X" % (i % 256) for i in range(n))


def readertest_script(lengths):
    lines = ["power cold", "protocol T0|T1"]
    for n in lengths:
        lines.append("transmit 8030000000")                                   # case 1
        lines.append("transmit 8034%04X %02X" % (n, n % 256))                 # case 2
        lines.append("transmit 80320000 %02X %s" % (n % 256, pattern(n)))     # case 3
        lines.append("transmit 8036%04X %02X %s %02X" % (n, n % 256, pattern(n), n % 256))  # case 4
    return "\n".join(lines) + "\n"


def outcomes(reader, script):
    proc = cli("run", "-", reader=reader, stdin=script)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return [(l["cmd"], l["status"], l.get("output"), l.get("response"), l.get("sw"))
            for l in lines_of(proc) if "cmd" in l]


@pytest.mark.parametrize("profile", ["t0", "t1", "default", "inverse", "t1-crc", "specific"])
def test_readertest_cases_match_the_native_sim_reader(profile):
    script = readertest_script(range(1, 256))  # every length
    ours = outcomes(smclib("profile=" + profile), script)
    native = outcomes("sim:profile=" + profile, script)
    assert ours == native
    assert all(status == "STATUS_SUCCESS" for _, status, _, _, _ in ours)


def test_extended_apdus_match_the_native_sim_reader():
    n = 4000
    script = ("power cold\nprotocol T1\n"
              "transmit 80340FA0 000FA0\n"
              "transmit 80320000 000FA0 %s\n" % pattern(n))
    ours = outcomes(smclib("profile=extended"), script)
    assert ours == outcomes("sim:profile=extended", script)
    assert [s for _, s, _, _, _ in ours] == ["STATUS_SUCCESS"] * 4


def control_path(name):
    return os.path.join(tempfile.gettempdir(), "rk-smclib-%d-%s.sock" % (os.getpid(), name))


@pytest.mark.parametrize("fault,status", [("mute", "STATUS_IO_TIMEOUT"),
                                          ("remove-during-transmit", "STATUS_NO_MEDIA"),
                                          ("edc every=2 dir=card", "STATUS_SUCCESS"),
                                          ("edc every=2 dir=reader", "STATUS_SUCCESS"),
                                          ("wtx count=5", "STATUS_SUCCESS"),
                                          ("drop every=3", "STATUS_SUCCESS")])
def test_faults_end_as_with_the_native_reader(fault, status):
    for reader in (smclib, lambda o: "sim:" + o):
        path = control_path(fault)
        script = ("power cold\nprotocol T1\nsim-control %s fault %s\ntransmit 80340010 10\n"
                  % (path, fault))
        proc = cli("run", "-", reader=reader("profile=t1:control=" + path), stdin=script)
        lines = [l for l in lines_of(proc) if "cmd" in l]
        assert lines[-1]["status"] == status, lines
        if status == "STATUS_SUCCESS":
            assert lines[-1]["output"].endswith(pattern(16) + "9000"), lines[-1]


@pytest.mark.parametrize("profile", ["t0", "default", "t1"])
def test_remove_during_transmit_armed_before_pps_waits_for_the_transmit(profile):
    # The fault belongs to the next TRANSMIT: the PPS of SET_PROTOCOL must not set it off.
    results = []
    for reader in (smclib, lambda o: "sim:" + o):
        path = control_path("rdt-" + profile)
        script = ("sim-control %s fault remove-during-transmit\npower cold\nprotocol T0|T1\n"
                  "transmit 80340010 10\n" % path)
        results.append(outcomes(reader("profile=%s:control=%s" % (profile, path)), script))
    assert results[0] == results[1]
    assert [s for _, s, _, _, _ in results[0]] == ["ok", "STATUS_SUCCESS", "STATUS_SUCCESS",
                                                   "STATUS_NO_MEDIA"]


def test_card_tracking_sees_removal_and_insertion_and_cancel():
    path = control_path("tracking")
    script = "\n".join([
        "ioctl IS_ABSENT --async",
        "sim-control %s card remove" % path,
        "wait 1",
        "ioctl IS_PRESENT --async",
        "sim-control %s card insert t0" % path,
        "wait 2",
        "power cold",
        "ioctl IS_ABSENT --async",
        "cancel 3",
    ]) + "\n"
    proc = cli("run", "-", reader=smclib("profile=t1:control=" + path), stdin=script)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = lines_of(proc)
    completed = {l["id"]: l["status"] for l in lines if l.get("event") == "completed"}
    assert completed == {1: "STATUS_SUCCESS", 2: "STATUS_SUCCESS", 3: "STATUS_CANCELLED"}
    power = [l for l in lines if l.get("cmd") == "power"][0]
    assert power["status"] == "STATUS_SUCCESS" and power["output"].startswith("3B")


def test_bad_options_are_a_clear_error():
    proc = cli("status", reader=smclib("profile=nosuch"))
    assert proc.returncode != 0
