# SPDX-License-Identifier: MIT
"""The pcsc: reader (docs/pcsc.md) against a private pcscd serving simulated readers through
ReaderKit's handler and a vicc card through Debian's vpcd driver. Runs inside
scripts/pcscd-sandbox.sh with tests/pcsc/reader.conf.d."""
import json
import os
import statistics
import subprocess
import sys
import threading
import time

import pytest
from smartcard import scard

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "vpcd"))
import vicc_harness as vh  # noqa: E402
from pcsc_helpers import CLI, RUN_DIR, Pcsc, TimedDriver, pattern, run, sim_control  # noqa: E402

T1 = "pcsc:RK PcscT1"
T0 = "pcsc:RK PcscT0"
LENGTHS = [1, 2, 15, 16, 17, 127, 128, 129, 254, 255]
VICC_PORT = 0x8C90


@pytest.fixture
def pcsc():
    p = Pcsc()
    yield p
    p.close()


def readertest_script(protocol):
    """power, protocol, then readertest cases 1-4 at every length; over T=0 case 4 goes as the
    PC/SC world does it: the case-3 command, 61xx, GET RESPONSE."""
    lines = ["power cold", f"protocol {protocol}", "transmit 8030000000"]
    for n in LENGTHS:
        lines.append(f"transmit 803400{n:02X}{n:02X}")
        lines.append(f"transmit 80320000{n:02X}{pattern(n)}")
        if protocol == "T1":
            lines.append(f"transmit 803600{n:02X}04{pattern(4)}{n:02X}")
        else:
            lines.append(f"transmit 803600{n:02X}04{pattern(4)}")
            lines.append(f"transmit 80C00000{n:02X}")
    return "\n".join(lines) + "\n"


def expected_responses(protocol):
    out = ["9000"]
    for n in LENGTHS:
        out += [pattern(n) + "9000", "9000"]
        out += [pattern(n) + "9000"] if protocol == "T1" else [f"61{n:02X}", pattern(n) + "9000"]
    return out


@pytest.mark.parametrize("reader,protocol", [(T1, "T1"), (T0, "T0")])
def test_readertest_matrix(reader, protocol):
    code, lines, err = run(reader, readertest_script(protocol))
    assert code == 0, err
    assert lines[0]["status"] == "STATUS_SUCCESS" and lines[1]["status"] == "STATUS_SUCCESS"
    transmits = [l for l in lines if l["cmd"] == "transmit"]
    assert all(l["status"] == "STATUS_SUCCESS" for l in transmits)
    assert [l["response"] for l in transmits] == expected_responses(protocol)


def test_atr_and_protocol_come_from_pcscd():
    code, lines, _ = run(T0, "power cold\nprotocol T1\nprotocol T0\nstatus\n")
    assert lines[0]["output"].startswith("3B")  # the simulated card's ATR, through SCardStatus
    assert lines[1]["status"] == "STATUS_NOT_SUPPORTED"  # a T=0-only card
    assert lines[2]["status"] == "STATUS_SUCCESS"
    status = lines[3]
    assert status["atr"] == lines[0]["output"] and status["protocol"] == "T0"


def test_warm_reset_and_power_down():
    code, lines, _ = run(T1, "power cold\npower warm\nprotocol T1\ntransmit 8030000000\n"
                              "power down\ntransmit 8030000000\n")
    assert [l["status"] for l in lines] == ["STATUS_SUCCESS"] * 5 + ["STATUS_INVALID_DEVICE_STATE"]
    assert lines[1]["output"] == lines[0]["output"]


def test_attributes_the_library_lacks_are_forwarded_to_pcscd():
    code, lines, _ = run(T1, "attr get 0x7FFF0003\nattr get VENDOR_NAME\nattr get ATR_STRING\n"
                              "power cold\nattr get ATR_STRING\n")
    friendly = bytes.fromhex(lines[0]["output"]).rstrip(b"\0").decode()
    assert lines[0]["status"] == "STATUS_SUCCESS" and friendly.startswith("RK PcscT1")
    assert bytes.fromhex(lines[1]["output"]) == b"ReaderKit"  # the library's own answer
    assert lines[4]["output"] == lines[3]["output"]


def test_vendor_codes_stay_closed_unless_allowed():
    code, lines, _ = run(T1, "ioctl 0x00313520\n")  # SCARD_CTL_CODE(3400): GET_FEATURE_REQUEST
    assert lines[0]["status"] == "STATUS_INVALID_DEVICE_REQUEST"
    code, lines, _ = run(T1 + ":vendor=allow", "power cold\nioctl 0x00313520\n")
    # Reaches pcscd's handler for the simulated reader: its answer, not ours.
    assert lines[1]["status"] != "STATUS_INVALID_DEVICE_REQUEST"


def test_exclusive_share_is_refused_while_another_client_holds_the_card(pcsc):
    reader = pcsc.reader("RK PcscT1")
    rv, card, _ = scard.SCardConnect(pcsc.context, reader, scard.SCARD_SHARE_SHARED,
                                     scard.SCARD_PROTOCOL_T1)
    assert rv == scard.SCARD_S_SUCCESS
    try:
        code, lines, _ = run(T1 + ":share=exclusive", "power cold\n")
        assert lines[0]["status"] == "STATUS_DEVICE_BUSY"
        code, lines, _ = run(T1, "power cold\nprotocol T1\ntransmit 8030000000\n")
        assert [l["status"] for l in lines] == ["STATUS_SUCCESS"] * 3  # shared is fine
    finally:
        scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    code, lines, _ = run(T1 + ":share=exclusive", "power cold\n")
    assert lines[0]["status"] == "STATUS_SUCCESS"


def test_removal_and_insertion_reach_readerkit_within_50_ms_of_pcscd(pcsc):
    """Each event is timed twice in this process: when pyscard's SCardGetStatusChange returns
    and when readerkit prints the completion of its tracking request."""
    reader = pcsc.reader("RK PcscT1")
    driver = TimedDriver(T1)
    lags = []
    try:
        for _ in range(5):
            for ioctl, command, bit in [("IS_ABSENT", "remove", scard.SCARD_STATE_EMPTY),
                                        ("IS_PRESENT", "insert", scard.SCARD_STATE_PRESENT)]:
                driver.send(f"ioctl {ioctl} --async")
                _, pending = driver.read()
                assert pending["status"] == "STATUS_PENDING", pending
                seen = {}
                waiter = threading.Thread(
                    target=lambda: seen.setdefault("pcscd", pcsc.wait_state(reader, bit)))
                waiter.start()
                sim_control("pcsc-t1", "card", command)
                at, event = driver.read()
                waiter.join(30)
                assert event.get("event") == "completed" and event["status"] == "STATUS_SUCCESS"
                lags.append(at - seen["pcscd"])
        code, _ = driver.close()
        assert code == 0
    finally:
        driver.proc.kill()
    assert statistics.median(lags) < 0.050, lags
    assert max(lags) < 0.5, lags


def request_status(driver, line):
    """The final status of a request line: a tracking request that pends prints PENDING, then
    its completion event."""
    driver.send(line)
    reply = driver.read()[1]
    if reply.get("status") == "STATUS_PENDING":
        reply = driver.read()[1]
        assert reply.get("event") == "completed", reply
    return reply["status"]


def test_removal_mid_session_gives_no_media_and_the_card_comes_back():
    driver = TimedDriver(T1)
    try:
        for line in ["power cold", "protocol T1"]:
            driver.send(line)
            assert driver.read()[1]["status"] == "STATUS_SUCCESS"
        sim_control("pcsc-t1", "card", "remove")
        assert request_status(driver, "ioctl IS_ABSENT") == "STATUS_SUCCESS"  # our side saw it
        assert request_status(driver, "transmit 8030000000") == "STATUS_NO_MEDIA"
        sim_control("pcsc-t1", "card", "insert")
        for line in ["ioctl IS_PRESENT", "power cold", "protocol T1", "transmit 8030000000"]:
            assert request_status(driver, line) == "STATUS_SUCCESS", line
        assert driver.close()[0] == 0
    finally:
        driver.proc.kill()


def test_a_reader_no_name_matches_is_a_clear_error():
    code, lines, err = run("pcsc:No Such Reader", "status\n")
    assert code == 2 and "no PC/SC reader name contains 'No Such Reader'" in err + str(lines)


def test_bad_spec_field_is_a_clear_error():
    code, lines, err = run("pcsc:RK:share=sometimes", "status\n")
    assert code == 2 and "bad field 'share=sometimes'" in err + str(lines)


def test_the_handler_refuses_a_pcsc_reader_inside_pcscd(pcsc):
    rv, names = scard.SCardListReaders(pcsc.context, [])
    assert not [n for n in names if n.startswith("RK PcscLoop")]
    log = open(os.environ["READERKIT_PCSCD_LOG"]).read()
    assert "pcsc: a pcsc: reader cannot be served by pcscd itself" in log


def test_list_shows_every_pcsc_reader():
    import json
    import subprocess
    from pcsc_helpers import CLI
    proc = subprocess.run([CLI, "--json", "list"], capture_output=True, text=True, timeout=60)
    line = json.loads(proc.stdout)
    names = [r["name"] for r in line["pcsc"]]
    assert any(n.startswith("RK PcscT1") for n in names)
    assert any(n.startswith("Debian vpcd") for n in names)
    for r in line["pcsc"]:
        assert r["spec"] == "pcsc:" + r["name"]


def test_a_vicc_card_through_debians_vpcd_driver(pcsc):
    """Not a ReaderKit reader behind pcscd at all: Debian's libifdvpcd with vicc as its card."""
    reader = pcsc.reader("Debian vpcd 00 00")
    vicc = vh.start_vicc(VICC_PORT)
    try:
        pcsc.wait_state(reader, scard.SCARD_STATE_PRESENT)
        code, lines, err = run("pcsc:Debian vpcd 00 00",
                               "power cold\nprotocol T0,T1\ntransmit 00A4000C023F00\n")
        assert code == 0, err
        assert bytes.fromhex(lines[0]["output"]) == vh.VICC_ATR
        assert lines[2]["status"] == "STATUS_SUCCESS" and lines[2]["sw"] == "9000"
    finally:
        vh.kill_vicc(vicc)


def trace_records(path):
    proc = subprocess.run([CLI, "--json", "trace", path], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return [json.loads(l) for l in proc.stdout.splitlines()]


def test_a_traced_pcsc_session_decoded_by_tshark_matches_the_handlers_trace(tmp_path):
    """`readerkit --pcap --reader pcsc:` traces at APDU level (pcscd's driver does T=1), and
    the handler serving that reader inside pcscd (pcap= in 10-t1) traces the same APDUs with
    their T=1 blocks (docs/trace.md, docs/pcsc.md)."""
    pcap = str(tmp_path / "pcsc.pcap")
    script = readertest_script("T1")
    proc = subprocess.run([CLI, "--json", "--pcap", pcap, "--reader", T1, "run", "-"],
                          input=script, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    tshark = subprocess.run(["tshark", "-r", pcap, "-Y", "iso7816", "-T", "fields",
                             "-e", "iso7816.apdu.cla", "-e", "iso7816.apdu.sw1",
                             "-e", "iso7816.apdu.sw2"], capture_output=True, text=True, timeout=60)
    assert tshark.returncode == 0, tshark.stderr
    rows = [line.split("\t") for line in tshark.stdout.splitlines()]
    commands = [r for r in rows if r[0]]
    responses = [r for r in rows if r[1]]
    transmits = script.count("transmit ")
    assert len(commands) == transmits and all(r[0] == "0x80" for r in commands)
    assert len(responses) == transmits and all(r[1:] == ["0x90", "0x00"] for r in responses)

    ours = [r["data"] for r in trace_records(pcap) if r["event"] == "apdu_command"]
    assert not [r for r in trace_records(pcap) if r["event"] == "t1_block"]  # APDU level
    deadline = time.monotonic() + 20  # the handler's writer thread runs on its own
    while True:
        handler = trace_records(os.path.join(RUN_DIR, "pcsc-t1-handler.pcap"))
        theirs = [r["data"] for r in handler if r["event"] == "apdu_command"]
        if theirs[-len(ours):] == ours or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert theirs[-len(ours):] == ours
    assert any(r["event"] == "t1_block" for r in handler)
