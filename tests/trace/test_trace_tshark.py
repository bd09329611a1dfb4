# SPDX-License-Identifier: MIT
"""A scripted session traced with `readerkit --pcap` and decoded by Debian's tshark
(docs/trace.md): ATR, PPS, T=0 with 61xx and GET RESPONSE, T=1 with chaining both ways, WTX, EDC
errors and their R-blocks, a removal. APDUs are checked through Wireshark's own iso7816
dissector, the line level through tools/wireshark/readerkit.lua, and `readerkit trace --json`
must list the same records."""
import json
import os
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
from rkcli import CLI, SOURCE_DIR  # noqa: E402

LUA = os.path.join(SOURCE_DIR, "tools", "wireshark", "readerkit.lua")
TSHARK = shutil.which("tshark")

CASE4_255 = "803600FFFF" + "".join(f"{i:02X}" for i in range(255)) + "FF"
SESSION = f"""power cold
protocol T0
transmit 00A4040006A000000018FF
transmit 80360008080001020304050607
transmit 00C0000008
card remove
card insert t1
power cold
protocol T1
transmit 00A4040006A000000018FF
fault edc every=2 dir=card
fault wtx count=1
transmit {CASE4_255}
fault clear
card remove
"""

FIELDS = [
    "frame.number", "frame.protocols", "readerkit.event_name", "readerkit.direction",
    "readerkit.t1.type", "readerkit.t1.more", "readerkit.t1.error", "readerkit.t1.s_type",
    "readerkit.t1.s_response", "readerkit.t1.wtx", "readerkit.t0.procedure",
    "readerkit.t0.sw", "readerkit.ioctl.name", "readerkit.ioctl.status", "iso7816.apdu.cla",
    "iso7816.apdu.ins", "iso7816.apdu.p1", "iso7816.apdu.p2", "iso7816.apdu.sw1",
    "iso7816.apdu.sw2", "iso7816.atr.init_char", "readerkit.pps.pps0", "_ws.malformed",
    "_ws.expert.severity",
]


def trace_session(tmp_path, *extra):
    pcap = tmp_path / "session.pcap"
    proc = subprocess.run([CLI, "--json", "--pcap", str(pcap), *extra, "run", "-"],
                          input=SESSION, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    statuses = [json.loads(l).get("status") for l in proc.stdout.splitlines()]
    assert all(s in ("STATUS_SUCCESS", "ok") for s in statuses), proc.stdout
    return pcap


def tshark_rows(pcap):
    argv = [TSHARK, "-X", f"lua_script:{LUA}", "-r", str(pcap), "-T", "fields",
            "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in FIELDS:
        argv += ["-e", f]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [dict(zip(FIELDS, line.split("|"))) for line in proc.stdout.splitlines()]
    assert rows, "tshark decoded nothing"
    return rows


def cli_records(pcap):
    proc = subprocess.run([CLI, "--json", "trace", str(pcap)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return [json.loads(l) for l in proc.stdout.splitlines()]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    if TSHARK is None:
        pytest.fail("tshark is missing: scripts/install-deps.sh installs Debian's tshark")
    pcap = trace_session(tmp_path_factory.mktemp("trace"))
    return tshark_rows(pcap), cli_records(pcap)


def events(rows):
    return [r["readerkit.event_name"] for r in rows]


def test_every_record_is_decoded_without_error(session):
    rows, records = session
    assert len(rows) == len(records)
    for row in rows:
        protocols = row["frame.protocols"]
        assert protocols in ("exported_pdu", "exported_pdu:readerkit", "exported_pdu:iso7816"), row
        assert row["_ws.malformed"] == "" and row["_ws.expert.severity"] == "", row
    # The ATR records are the only plain exported_pdu ones: decoded by iso7816.atr.
    atrs = [r for r in rows if r["frame.protocols"] == "exported_pdu"]
    assert len(atrs) == 2 and all(r["iso7816.atr.init_char"] == "0x3b" for r in atrs)


def test_tshark_and_readerkit_trace_agree_record_by_record(session):
    rows, records = session
    for row, record in zip(rows, records):
        if row["frame.protocols"] == "exported_pdu:readerkit":
            assert row["readerkit.event_name"] == record["event"], (row, record)
        elif row["frame.protocols"] == "exported_pdu:iso7816":
            assert record["event"] in ("apdu_command", "apdu_response")
        else:
            assert record["event"] == "atr"


def test_apdus_through_wiresharks_iso7816_dissector(session):
    rows, records = session
    commands = [(r["iso7816.apdu.cla"], r["iso7816.apdu.ins"], r["iso7816.apdu.p1"],
                 r["iso7816.apdu.p2"]) for r in rows if r["iso7816.apdu.cla"]]
    # Wireshark decodes INS P1 P2 of interindustry commands only; CLA 80 (readertest's
    # proprietary class) shows as its CLA.
    assert commands == [
        ("0x00", "0xa4", "0x04", "0x00"),
        ("0x80", "", "", ""),
        ("0x00", "0xc0", "0x00", "0x00"),  # GET RESPONSE after 61 08
        ("0x00", "0xa4", "0x04", "0x00"),
        ("0x80", "", "", ""),
    ]
    sws = [(r["iso7816.apdu.sw1"], r["iso7816.apdu.sw2"]) for r in rows if r["iso7816.apdu.sw1"]]
    assert sws == [("0x90", "0x00"), ("0x61", "0x08"), ("0x90", "0x00"), ("0x90", "0x00"),
                   ("0x90", "0x00")]


def test_t0_procedure_bytes_and_status(session):
    rows, _ = session
    assert "0x36" in [r["readerkit.t0.procedure"] for r in rows]  # ACK of the case 3 TPDU
    assert [r["readerkit.t0.sw"] for r in rows if r["readerkit.t0.sw"]] == [
        "0x9000", "0x6108", "0x9000"]


def test_pps_and_atr_per_card(session):
    rows, _ = session
    pps0 = [r["readerkit.pps.pps0"] for r in rows if r["readerkit.event_name"] == "pps_request"]
    assert pps0 == ["0x10", "0x11"]  # T=0 with PPS1, then T=1 with PPS1
    assert events(rows).count("pps_response") == 2


def test_t1_chaining_both_ways_wtx_and_edc_errors(session):
    rows, _ = session
    blocks = [r for r in rows if r["readerkit.event_name"] == "t1_block"]
    sent_chained = [b for b in blocks if b["readerkit.direction"] == "1" and b["readerkit.t1.more"] == "1"]
    received_chained = [b for b in blocks if b["readerkit.direction"] == "2" and b["readerkit.t1.more"] == "1"]
    assert len(sent_chained) >= 8  # 262 bytes in IFSC 32 pieces
    assert received_chained, "the card's 257-byte answer comes in two blocks at IFSD 254"
    edc = [b for b in blocks if b["readerkit.t1.type"] == "R" and b["readerkit.t1.error"] == "EDC"]
    assert edc and all(b["readerkit.direction"] == "1" for b in edc)
    wtx = [b for b in blocks if b["readerkit.t1.s_type"] == "WTX"]
    assert any(b["readerkit.t1.s_response"] == "0" and b["readerkit.direction"] == "2" for b in wtx)
    assert any(b["readerkit.t1.s_response"] == "1" and b["readerkit.direction"] == "1" for b in wtx)
    assert all(b["readerkit.t1.wtx"] for b in wtx)


def test_card_events_and_ioctls(session):
    rows, _ = session
    names = events(rows)
    assert names.count("card_removed") == 2 and names.count("card_inserted") == 2
    outs = [(r["readerkit.ioctl.name"], r["readerkit.ioctl.status"]) for r in rows
            if r["readerkit.event_name"] == "ioctl_out"]
    assert ("IOCTL_SMARTCARD_TRANSMIT", "STATUS_SUCCESS") in outs
    assert ("IOCTL_SMARTCARD_SET_PROTOCOL", "STATUS_SUCCESS") in outs
    assert names.count("ioctl_in") == names.count("ioctl_out")


def test_masked_trace_keeps_framing_and_drops_payload(tmp_path):
    pcap = trace_session(tmp_path, "--pcap-mask")
    records = cli_records(pcap)
    data = "".join(r["data"] for r in records)
    assert "000102030405060708090A0B0C0D0E0F" not in data  # no payload anywhere
    commands = [r for r in records if r["event"] == "apdu_command"]
    assert all(len(r["data"]) == 8 for r in commands)  # CLA INS P1 P2 only
    blocks = [r for r in records if r["event"] == "t1_block" and r.get("hidden")]
    assert blocks and all(len(r["data"]) == 6 for r in blocks)  # NAD PCB LEN
    responses = [r for r in records if r["event"] == "apdu_response"]
    assert [r["data"] for r in responses] == ["9000", "6108", "9000", "9000", "9000"]
    if TSHARK is not None:
        assert all(r["_ws.malformed"] == "" for r in tshark_rows(pcap))


def test_trace_refuses_what_is_not_a_readerkit_trace(tmp_path):
    bad = tmp_path / "bad.pcap"
    bad.write_bytes(b"not a pcap file at all, clearly")
    proc = subprocess.run([CLI, "--json", "trace", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1 and "not a pcap file" in proc.stdout
    # A real pcap cut in the middle of a record: the records before it, then an error.
    pcap = trace_session(tmp_path)
    cut = tmp_path / "cut.pcap"
    cut.write_bytes(pcap.read_bytes()[:-7])
    proc = subprocess.run([CLI, "--json", "trace", str(cut)], capture_output=True, text=True)
    lines = [json.loads(l) for l in proc.stdout.splitlines()]
    assert proc.returncode == 1 and lines[-1]["status"] == "error" and "cut short" in lines[-1]["error"]
    assert len(lines) > 50


def test_pcap_path_that_cannot_be_created_fails_before_anything_runs(tmp_path):
    proc = subprocess.run([CLI, "--pcap", str(tmp_path / "no" / "such" / "dir.pcap"), "status"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "--pcap: cannot create" in proc.stderr
