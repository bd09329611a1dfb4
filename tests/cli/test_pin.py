# SPDX-License-Identifier: MIT
"""`readerkit pin` (docs/pinpad.md, docs/cli.md "PIN pad"): the structures it builds from its
options, checked byte for byte through the APDU the simulated card received (the readertest
applet's INS 20 keeps it, INS 40 shows it); every part 10 result; VERIFY and CHANGE REFERENCE
DATA against the card's ISO file system; the keypad fed from `pin type` and from `sim-control`;
no digit in any output, log or trace."""
import os
import tempfile

import pytest

from rkcli import Driver, cli, lines_of, run_script, wait_for_socket

PINPAD = "sim:profile=pinpad"
PREPARE = "power cold\nprotocol {protocol}\n"
SELECT_MF = "transmit 00A4000C023F00\n"


def pin_lines(lines):
    return [l for l in lines if l.get("cmd") == "pin" and "ioctl" in l]


def run_pin(script, protocol="T1", reader=PINPAD):
    rc, lines = run_script(PREPARE.format(protocol=protocol) + script, reader=reader)
    assert rc == 0, lines
    return lines


@pytest.mark.parametrize("options,expected", [
    # Variable block: the ASCII digits are the data, Lc set to their count.
    ("--apdu 8020000000", "802000000431323334"),
    # An 8-byte block of FF, ASCII, left-justified.
    ("--apdu 8020000008FFFFFFFFFFFFFFFF --block 8", "802000000831323334FFFFFFFF"),
    # BCD, right-justified in 8 bytes.
    ("--apdu 8020000008FFFFFFFFFFFFFFFF --block 8 --format bcd --right",
     "8020000008FFFFFFFFFFFF1234"),
    # ISO 9564 format 2: control nibble 2, the length in the next nibble, BCD from byte 1.
    ("--apdu 802000000820FFFFFFFFFFFFFF --block 8 --format bcd --pin-pos 1 "
     "--length-bits 4 --length-pos 4 --length-pos-bits", "8020000008241234FFFFFFFFFF"),
    # Binary digits, one per byte, after a one-byte length field at byte 0.
    ("--apdu 802000000500FFFFFFFF --block 5 --format binary --pin-pos 1 --length-bits 8 "
     "--max 4",
     "80200000050401020304"),
])
@pytest.mark.parametrize("protocol", ["T0", "T1"])
def test_the_options_build_the_exact_apdu(protocol, options, expected):
    # INS 40 with the exact Le: T=0 answers a wrong Le with 6Cxx.
    dump = f"transmit 80400000{len(expected) // 2:02X}\n"
    lines = run_pin(f"pin type 1234\npin verify {options}\n{dump}", protocol)
    assert pin_lines(lines)[0]["status"] == "STATUS_SUCCESS"
    assert lines[-1]["response"] == expected + "9000"


@pytest.mark.parametrize("protocol", ["T0", "T1"])
def test_verify_against_the_file_system_pin(protocol):
    lines = pin_lines(run_pin(SELECT_MF + "pin type 1234\npin verify\n"
                              "pin type 1111\npin verify\n", protocol))
    assert [(l["sw"], l["pin_result"]) for l in lines] == [("9000", "card"), ("63C2", "card")]


def test_modify_changes_the_pin_then_the_new_one_verifies():
    lines = pin_lines(run_pin(SELECT_MF +
                              "pin type 1234\npin type 567890\npin type 567890\npin modify\n"
                              "pin type 567890\npin verify\n"
                              "pin type 1234\npin verify\n"))
    assert [l["sw"] for l in lines] == ["9000", "9000", "63C2"]
    assert lines[0]["ioctl"] == "IOCTL_FEATURE_MODIFY_PIN_DIRECT"


def test_modify_without_the_current_pin_or_confirmation_asks_once():
    # One entry (the new PIN) at offset 0 of a one-block template: the readertest applet
    # shows it.
    lines = run_pin("pin type 1234\n"
                    "pin modify --apdu 8020000008FFFFFFFFFFFFFFFF --no-old --no-confirm "
                    "--offset-new 0\ntransmit 804000000D\n")
    assert pin_lines(lines)[0]["sw"] == "6A04"  # the applet wants 31 32 33 ..., byte 4 is FF
    assert lines[-1]["response"] == "802000000831323334FFFFFFFF9000"


@pytest.mark.parametrize("script,sw,result", [
    ("pin type cancel\npin verify\n", "6401", "cancelled"),
    ("pin verify --timeout 1\n", "6400", "timeout"),
    ("pin type 12\npin verify\n", "6403", "length-out-of-range"),
    ("pin type 123456789\npin verify\n", "6403", "length-out-of-range"),
    ("pin type 1234\npin type 5678\npin type 5679\npin modify\n", "6402", "pins-differ"),
])
def test_every_part10_result(script, sw, result):
    lines = pin_lines(run_pin(SELECT_MF + script))
    assert (lines[-1]["status"], lines[-1]["sw"], lines[-1]["pin_result"]) == (
        "STATUS_SUCCESS", sw, result)


def test_one_shot_prepares_the_card_and_times_out_without_a_typed_pin():
    proc = cli("pin", "verify", "--timeout", "1", reader=PINPAD)
    assert proc.returncode == 0, proc.stderr
    lines = lines_of(proc)
    assert [(l["cmd"], l.get("auto")) for l in lines] == [
        ("power", True), ("protocol", True), ("pin", None)]
    assert lines[2]["pin_result"] == "timeout"


def test_a_reader_without_a_pin_pad_does_not_support_it():
    proc = cli("pin", "verify")
    assert proc.returncode == 1
    assert lines_of(proc)[-1]["status"] == "STATUS_NOT_SUPPORTED"


@pytest.mark.parametrize("args", [
    ["pin", "verify", "--min", "9", "--max", "4"],
    ["pin", "verify", "--apdu", "80zz"],
    ["pin", "type"],
    ["pin", "modify", "--offset-new", "250"],
])
def test_options_that_make_no_valid_structure_are_usage_errors(args):
    proc = cli(*args, reader=PINPAD)
    assert proc.returncode == 2, proc.stdout
    assert lines_of(proc)[-1]["status"] == "usage-error"


def test_sim_control_types_into_a_reader_in_another_process():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "pinpad.sock")
        driver = Driver(f"{PINPAD}:control={path}")
        try:
            wait_for_socket(path)
            proc = cli("sim-control", path, "pin", "1234")
            assert proc.returncode == 0, proc.stderr
            assert lines_of(proc) == [
                {"cmd": "sim-control", "status": "ok", "command": "pin <4 digits>"}]
            for line in ("power cold", "protocol T1", SELECT_MF.strip(), "pin verify"):
                driver.send(line)
                answer = driver.read()
            assert answer["sw"] == "9000"
            assert cli("sim-control", path, "pin", "cancel").returncode == 0
            driver.send("pin verify")
            assert driver.read()["pin_result"] == "cancelled"
            rc, _ = driver.close()
            assert rc == 0
        finally:
            driver.kill()


@pytest.mark.parametrize("protocol", ["T0", "T1"])
def test_no_digit_in_output_log_or_trace(protocol):
    script = (PREPARE.format(protocol=protocol) +
              "pin type 9876\npin verify --apdu 8020000000\n"
              "pin type 9876\npin type 5432\npin type 5432\n"
              "pin modify --apdu 8024000008FFFFFFFFFFFFFFFF --block 4 --min 4 --max 4 "
              "--offset-new 4\n")
    proc = cli("--trace", "--log", "all", "run", "-", reader=PINPAD, json_output=False,
                stdin=script)
    assert proc.returncode == 0, proc.stderr
    everything = proc.stdout + proc.stderr
    assert "bytes not shown: PIN]" in proc.stderr  # the exchanges were traced, as counts
    for secret in ("9876", "5432", "39383736", "35343332", "39 38 37 36", "35 34 33 32"):
        assert secret not in everything
